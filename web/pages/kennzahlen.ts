// The KPI report for the coordination (GET /api/reports/kpi): a period form, the figures as tables with captions,
// simple bar charts as inline SVG (built with DOM APIs: values written at the bars, a text alternative, one colour
// only — nothing is told by colour), the CSV as a download, and the "Export für das Land" with small counts
// suppressed. The period and the export choice live in the URL, so a view can be bookmarked or passed on.
import { localDate } from '../../core/calendar/local-date.ts';
import type { KpiCountTable, KpiDurationTable, KpiIndicatorTable, KpiReport, KpiSection, KpiTable, KpiValue } from '../../core/reports/kpi-report.ts';
import { api, ApiFailure } from '../api.ts';
import { TIME_ZONE } from '../dates.ts';
import { byId, downloadBlob, h, replace, timeElement, type Child } from '../dom.ts';
import { setStatus, showFailure, startPage } from '../shell.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';
const PERIOD_FIELDS: Readonly<Record<string, string>> = { from: 'Von', to: 'Bis' };

let token = '';
let chartCount = 0;

interface Choice {
  readonly from: string;
  readonly to: string;
  readonly export: boolean;
}

function queryOf(choice: Choice, format?: 'csv'): string {
  const params = new URLSearchParams({ from: choice.from, to: choice.to });
  if (format !== undefined) params.set('format', format);
  if (choice.export) params.set('export', 'true');
  return params.toString();
}

function input(id: string): HTMLInputElement {
  const element = byId(id);
  if (!(element instanceof HTMLInputElement)) throw new Error(`#${id} is no input`);
  return element;
}

const currentChoice = (): Choice => ({ from: input('from').value, to: input('to').value, export: input('export').checked });

// --- errors beside the fields --------------------------------------------------------------------------------

function clearFieldErrors(): void {
  for (const name of Object.keys(PERIOD_FIELDS)) {
    const control = input(name);
    document.getElementById(`${name}-fehler`)?.remove();
    control.removeAttribute('aria-invalid');
    control.setAttribute('aria-describedby', `${name}-hilfe`);
    control.closest('.feld')?.classList.remove('mit-fehler');
  }
  replace(byId('fehler'));
}

/** The API's German errors: beside the date fields they name, and as a summary (an alert that takes the focus). */
function showErrors(error: unknown): void {
  const failure = error instanceof ApiFailure ? error : new ApiFailure(0, 'Ein unerwarteter Fehler ist aufgetreten. Bitte laden Sie die Seite neu.');
  const items: HTMLLIElement[] = [];
  for (const fieldError of failure.errors) {
    const label = PERIOD_FIELDS[fieldError.field];
    if (label === undefined) {
      items.push(h('li', {}, `${fieldError.field}: ${fieldError.message}`));
      continue;
    }
    const control = input(fieldError.field);
    const errorId = `${fieldError.field}-fehler`;
    control.before(h('span', { class: 'feldfehler', id: errorId }, fieldError.message));
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', `${fieldError.field}-hilfe ${errorId}`);
    control.closest('.feld')?.classList.add('mit-fehler');
    const link = h('a', { href: `#${fieldError.field}` }, `${label}: ${fieldError.message}`);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      control.focus();
    });
    items.push(h('li', {}, link));
  }
  // Field errors have their own sentences; the API's message repeats them, so it only stands alone.
  const box = h(
    'div',
    { class: 'fehlerliste', role: 'alert', tabindex: -1 },
    h('p', {}, items.length > 0 ? 'Bitte prüfen Sie den Zeitraum:' : failure.message),
    items.length > 0 && h('ul', {}, ...items),
  );
  replace(byId('fehler'), box);
  box.focus();
}

// --- values and tables ---------------------------------------------------------------------------------------

const SUPPRESSED_TEXT: Readonly<Record<NonNullable<KpiValue['suppressed']>, string>> = {
  primary: ' (gesperrt: zwischen 1 und 4)',
  secondary: ' (gesperrt zum Schutz anderer Werte)',
};

/** A figure as the report writes it; a suppressed one says so in words for screen readers. */
function valueCell(value: KpiValue): HTMLTableCellElement {
  return h(
    'td',
    { class: 'zahl' },
    value.text,
    value.suppressed !== undefined && h('span', { class: 'visually-hidden' }, SUPPRESSED_TEXT[value.suppressed]),
  );
}

function headRow(...headings: string[]): HTMLTableSectionElement {
  return h('thead', {}, h('tr', {}, ...headings.map((text, i) => h('th', { scope: 'col', class: i === 0 ? undefined : 'zahl' }, text))));
}

function countTable(table: KpiCountTable): HTMLElement {
  return h(
    'div',
    { class: 'tabelle' },
    h(
      'table',
      {},
      h('caption', {}, table.label),
      headRow(table.dimension.label, table.unit),
      h('tbody', {}, ...table.rows.map((row) => h('tr', {}, h('th', { scope: 'row' }, row.label), valueCell(row)))),
      table.total !== undefined && h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, table.total.label), valueCell(table.total))),
    ),
    table.note !== undefined && h('p', { class: 'hilfe' }, table.note),
  );
}

function durationTable(table: KpiDurationTable): HTMLElement {
  return h(
    'div',
    { class: 'tabelle' },
    h(
      'table',
      {},
      h('caption', {}, `${table.label} (in Tagen)`),
      headRow('Zeitraum', 'Fälle', 'Median', '90. Perzentil'),
      h(
        'tbody',
        {},
        ...table.rows.map((row) =>
          h('tr', {}, h('th', { scope: 'row' }, row.label, h('span', { class: 'erlaeuterung' }, `Ende: ${row.endEvent}`)), valueCell(row.cases), valueCell(row.median), valueCell(row.p90)),
        ),
      ),
    ),
  );
}

function indicatorTable(table: KpiIndicatorTable): HTMLElement {
  return h(
    'div',
    { class: 'tabelle' },
    h(
      'table',
      {},
      h('caption', {}, table.label),
      headRow('Kennzahl', 'Zähler', 'Nenner', 'Anteil in Prozent'),
      h(
        'tbody',
        {},
        ...table.rows.map((row) =>
          h('tr', {}, h('th', { scope: 'row' }, row.label, h('span', { class: 'erlaeuterung' }, row.definition)), valueCell(row.numerator), valueCell(row.denominator), valueCell(row.percent)),
        ),
      ),
    ),
  );
}

// --- charts --------------------------------------------------------------------------------------------------

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Readonly<Record<string, string | number>>, ...children: readonly (Node | string)[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

interface Bar {
  readonly label: string;
  readonly value: KpiValue;
}

const CHART_WIDTH = 720;
const BAR_AREA = 560;
const ROW_HEIGHT = 44;
/** A bar's value in words: the figure, "<5 (gesperrt)", or "keine Daten" rather than a dash. */
function barText(value: KpiValue): string {
  if (value.suppressed !== undefined) return `${value.text} (gesperrt)`;
  return value.value === null ? 'keine Daten' : value.text;
}
const shorten = (text: string): string => (text.length > 90 ? `${text.slice(0, 89)}…` : text);

/**
 * Horizontal bars, one per value, each with its label above and its value written after it; a suppressed value
 * has no bar and says so in words. The SVG is an image with a title and a description that lists every value,
 * and the table beside it holds the same figures.
 */
function barChart(title: string, bars: readonly Bar[], scaleMax: number, unit: string): HTMLElement {
  chartCount += 1;
  const titleId = `diagramm-${String(chartCount)}-titel`;
  const descId = `diagramm-${String(chartCount)}-beschreibung`;
  const height = bars.length * ROW_HEIGHT + 8;
  const max = Math.max(scaleMax, 1);
  const rows = bars.flatMap((bar, i) => {
    const top = i * ROW_HEIGHT;
    const width = bar.value.value === null ? 0 : Math.max(0, (bar.value.value / max) * BAR_AREA);
    const shown = barText(bar.value);
    return [
      svg('text', { x: 0, y: top + 15, class: 'beschriftung' }, shorten(bar.label)),
      ...(width > 0 ? [svg('rect', { x: 0, y: top + 20, width: width.toFixed(1), height: 16, class: 'balken' })] : []),
      // The value stands right of the bar (or at the start when there is none), always as text.
      svg('text', { x: (width + 6).toFixed(1), y: top + 33, class: 'wert' }, shown),
    ];
  });
  const description = `${unit}: ${bars.map((bar) => `${bar.label}: ${barText(bar.value)}`).join('; ')}.`;
  return h(
    'figure',
    { class: 'diagramm' },
    h('figcaption', {}, `Diagramm: ${title}`),
    svg(
      'svg',
      { role: 'img', 'aria-labelledby': `${titleId} ${descId}`, width: CHART_WIDTH, height, viewBox: `0 0 ${String(CHART_WIDTH)} ${String(height)}` },
      svg('title', { id: titleId }, `Balkendiagramm: ${title}`),
      svg('desc', { id: descId }, description),
      ...rows,
    ),
  );
}

function countChart(table: KpiCountTable): HTMLElement | undefined {
  if (table.rows.length < 2) return undefined;
  const max = Math.max(0, ...table.rows.map((row) => row.value ?? 0));
  return barChart(table.label, table.rows.map((row) => ({ label: row.label, value: row })), max, table.unit);
}

function indicatorChart(table: KpiIndicatorTable): HTMLElement {
  return barChart(
    `${table.label} (Anteile in Prozent)`,
    table.rows.map((row) => ({ label: row.label, value: row.percent.value === null ? row.percent : { ...row.percent, text: `${row.percent.text} %` } })),
    100,
    'Anteile in Prozent',
  );
}

function renderTable(table: KpiTable): Child[] {
  switch (table.kind) {
    case 'counts':
      return [countTable(table), countChart(table)];
    case 'durations':
      return [durationTable(table)];
    case 'indicators':
      return [indicatorTable(table), indicatorChart(table)];
  }
}

function renderSection(section: KpiSection): HTMLElement {
  const headingId = `abschnitt-${section.id}`;
  return h(
    'section',
    { 'aria-labelledby': headingId, class: 'abschnitt' },
    h('h3', { id: headingId }, section.label),
    h('p', {}, section.description),
    ...section.tables.flatMap(renderTable),
    section.notComputable !== undefined &&
      section.notComputable.length > 0 &&
      h(
        'div',
        { class: 'nicht-berechenbar' },
        h('h4', {}, 'Aus den Daten nicht zu berechnen'),
        h('dl', {}, ...section.notComputable.flatMap((item) => [h('dt', {}, item.label), h('dd', {}, item.reason)])),
      ),
  );
}

function render(report: KpiReport): HTMLElement {
  chartCount = 0;
  const heading = h('h2', { id: 'ergebnis', tabindex: -1 }, `${report.title}: ${report.period.label}`);
  replace(
    byId('bericht'),
    h(
      'section',
      { 'aria-labelledby': 'ergebnis' },
      heading,
      h('p', {}, `${report.district}, Stand `, timeElement(report.generatedAt), '.'),
      report.export && h('p', { class: 'hinweis' }, h('strong', {}, 'Export für das Land: '), 'Anzahlen von 1 bis 4 sind als „<5“ gesperrt, weitere Felder als „x“.'),
      h('details', { class: 'hinweise' }, h('summary', {}, 'Wie die Zahlen zu lesen sind'), h('ul', {}, ...report.notes.map((note) => h('li', {}, note)))),
      ...report.sections.map(renderSection),
    ),
  );
  return heading;
}

// --- loading and downloading ---------------------------------------------------------------------------------

async function show(choice: Choice, focus: boolean): Promise<void> {
  const button = byId('anzeigen') as HTMLButtonElement;
  button.disabled = true;
  clearFieldErrors();
  setStatus('Die Kennzahlen werden berechnet.');
  byId('bericht').setAttribute('aria-busy', 'true');
  try {
    const report = await api<KpiReport>('GET', `/api/reports/kpi?${queryOf(choice)}`);
    const heading = render(report);
    setStatus(`Die Kennzahlen für ${report.period.label} sind geladen.`);
    if (focus) heading.focus();
  } catch (error) {
    replace(byId('bericht'));
    if (error instanceof ApiFailure && error.status === 400) showErrors(error);
    else showFailure(byId('bericht'), error);
    setStatus('Die Kennzahlen konnten nicht geladen werden.');
  } finally {
    button.disabled = false;
    byId('bericht').removeAttribute('aria-busy');
  }
}

/**
 * The CSV wants the bearer token like every API route, so a plain link would not do: fetch it and hand the
 * browser the file as a Blob URL. The bytes are taken as they come (Response.text() would drop the byte order
 * mark Excel needs to read UTF-8).
 */
async function downloadCsv(choice: Choice): Promise<void> {
  clearFieldErrors();
  let response: Response;
  try {
    response = await fetch(`/api/reports/kpi?${queryOf(choice, 'csv')}`, { headers: { accept: 'text/csv', authorization: `Bearer ${token}` } });
  } catch {
    throw new ApiFailure(0, 'Der Server ist nicht erreichbar. Bitte prüfen Sie die Verbindung und versuchen Sie es erneut.');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as { message?: unknown; errors?: unknown } | undefined;
    const message = typeof body?.message === 'string' ? body.message : 'Die CSV-Datei konnte nicht erstellt werden. Bitte versuchen Sie es erneut.';
    throw new ApiFailure(response.status, message, Array.isArray(body?.errors) ? (body.errors as { field: string; message: string }[]) : []);
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'kennzahlen.csv';
  downloadBlob(new Blob([await response.arrayBuffer()], { type: 'text/csv;charset=utf-8' }), name);
  setStatus(`Die CSV-Datei ${name} wurde heruntergeladen.`);
}

function remember(choice: Choice): void {
  history.replaceState(null, '', `${location.pathname}?${queryOf(choice)}`);
}

async function main(): Promise<void> {
  const start = await startPage(['coordinator', 'admin']);
  if (start === undefined) return;
  token = start.session.token;

  const params = new URLSearchParams(location.search);
  const today = localDate(new Date(), TIME_ZONE);
  input('from').value = params.get('from') ?? `${today.slice(0, 4)}-01-01`;
  input('to').value = params.get('to') ?? today;
  input('export').checked = params.get('export') === 'true';

  byId('zeitraum').addEventListener('submit', (event) => {
    event.preventDefault();
    const choice = currentChoice();
    remember(choice);
    void show(choice, true);
  });
  byId('csv').addEventListener('click', () => {
    const button = byId('csv') as HTMLButtonElement;
    button.disabled = true;
    void downloadCsv(currentChoice())
      .catch((error: unknown) => {
        if (error instanceof ApiFailure && error.status === 400) showErrors(error);
        else showFailure(byId('fehler'), error);
        setStatus('Die CSV-Datei konnte nicht erstellt werden.');
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  await show(currentChoice(), false);
}

void main();
