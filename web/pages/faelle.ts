// "Meine Fälle" (case managers: their caseload, by stage) and "Alle Fälle" (coordinators: every case, by stage and
// one of municipality, case manager, "Klärung nötig", "überfällig"), a GET form so a filtered list is a link. The API
// answers a page at a time with the total: the first page, then "Weitere laden" appends the next.
import type { CaseListAnswer } from '../../core/casework/read-cases.ts';
import type { CaseListRow } from '../../core/cases/case-list.ts';
import { STAGE_LABELS } from '../../core/cases/case-labels.ts';
import type { PublicProfile } from '../../core/profile/public-profile.ts';
import type { CaseManagersAnswer } from '../../functions/list-case-managers/schema.ts';
import { api } from '../api.ts';
import { byId, h, replace, timeElement } from '../dom.ts';
import { hasRole } from '../session.ts';
import { setStatus, showFailure, startPage } from '../shell.ts';
import { CASE_STAGES_IN_ORDER, caseListFilter, caseListPath, caseMarks, SELECTION, selectionOf, waitingFor, waitingSince, type CaseListFilter } from '../case-labels.ts';
import { marksElement } from '../case-page.ts';
import { field } from '../forms.ts';
import { moreRowsButton } from '../paged-list.ts';
import { nameIn, publicProfile } from '../public-profile.ts';

interface Option {
  readonly value: string;
  readonly label: string;
}

const option = (o: Option, selected: string | undefined): HTMLOptionElement => h('option', { value: o.value, selected: o.value === selected }, o.label);

function stageField(filter: CaseListFilter): HTMLDivElement {
  const stages = CASE_STAGES_IN_ORDER.map((stage) => ({ value: stage, label: STAGE_LABELS[stage] }));
  return field('filter-phase', 'Phase', h('select', { name: 'stage' }, h('option', { value: '' }, 'Alle Phasen'), ...stages.map((o) => option(o, filter.stage))));
}

/** Besides the stage one more filter (each is a list of its own in the API): one field, so no two can be chosen. */
function selectionField(profile: PublicProfile, managers: CaseManagersAnswer['caseManagers'], filter: CaseListFilter): HTMLDivElement {
  const selected = selectionOf(filter);
  const group = (label: string, options: readonly Option[]): HTMLOptGroupElement => h('optgroup', { label }, ...options.map((o) => option(o, selected)));
  return field(
    'filter-auswahl',
    'Eingrenzen auf',
    h(
      'select',
      { name: 'auswahl' },
      h('option', { value: '' }, 'Alle Fälle'),
      group('Hinweise', [
        { value: SELECTION.attention, label: 'Klärung nötig' },
        { value: SELECTION.overdue, label: 'überfällig (Einschätzung)' },
      ]),
      group(
        'Kommune',
        profile.municipalities.map((m) => ({ value: `${SELECTION.municipality}${m.id}`, label: m.name })),
      ),
      group(
        'Case-Management',
        managers.map((m) => ({ value: `${SELECTION.caseManager}${m.staffId}`, label: m.active ? m.name : `${m.name} (ausgeschieden)` })),
      ),
    ),
  );
}

function filterForm(fields: readonly HTMLDivElement[]): HTMLFormElement {
  return h(
    'form',
    { method: 'get', action: '/faelle.html', class: 'filter' },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Fälle filtern'),
      ...fields,
      h('div', { class: 'aktionen' }, h('button', { type: 'submit' }, 'Filter anwenden'), h('a', { href: '/faelle.html', class: 'button-link secondary' }, 'Filter zurücksetzen')),
    ),
  );
}

function focusAreaCell(profile: PublicProfile, record: CaseListRow): string {
  // Before triage only the wish of the intake is known.
  return record.focusArea === undefined ? `${nameIn(profile.focusAreas, record.requestedFocusArea)} (gewünscht)` : nameIn(profile.focusAreas, record.focusArea);
}

const row = (profile: PublicProfile, record: CaseListRow): HTMLTableRowElement =>
  h(
    'tr',
    {},
    h('th', { scope: 'row' }, h('a', { href: `/fall.html?id=${encodeURIComponent(record.caseId)}` }, record.caseId)),
    h('td', {}, nameIn(profile.municipalities, record.municipalityId)),
    h('td', {}, focusAreaCell(profile, record)),
    // An erased case (Art. 17) is only its tombstone: closed, and said so.
    h('td', {}, record.erasedAt === undefined ? STAGE_LABELS[record.stage] : 'gelöscht'),
    // A restricted case (Art. 18) stays listed — it has not vanished — but says nothing more than that.
    h('td', {}, record.restrictedAt === undefined ? waitingFor(record) : 'gesperrt: Einschränkung der Verarbeitung (Art. 18 DSGVO)'),
    h('td', {}, timeElement(waitingSince(record), false)),
    h('td', {}, marksElement(caseMarks(record))),
  );

const casesText = (n: number): string => (n === 1 ? '1 Fall' : `${n.toLocaleString('de-DE')} Fälle`);

function describeFilter(profile: PublicProfile, managers: CaseManagersAnswer['caseManagers'], filter: CaseListFilter): string {
  const parts = [
    ...(filter.stage === undefined ? [] : [`Phase „${STAGE_LABELS[filter.stage]}“`]),
    ...(filter.municipality === undefined ? [] : [`Kommune ${nameIn(profile.municipalities, filter.municipality)}`]),
    ...(filter.caseManager === undefined ? [] : [`Case-Management ${managers.find((m) => m.staffId === filter.caseManager)?.name ?? filter.caseManager}`]),
    ...(filter.needsAttention === true ? ['Klärung nötig'] : []),
    ...(filter.overdue === true ? ['überfällig'] : []),
  ];
  return parts.length === 0 ? '' : ` (gefiltert: ${parts.join(', ')})`;
}

function showList(profile: PublicProfile, filter: CaseListFilter, first: CaseListAnswer, filterText: string): void {
  const headers = ['Fallnummer', 'Kommune', 'Schwerpunkt', 'Phase', 'Wartet auf', 'Seit', 'Hinweise'];
  const body = h('tbody', {}, ...first.cases.map((record) => row(profile, record)));
  const caption = h('caption', {});
  let shown = first.cases.length;
  const count = (): void => {
    caption.textContent = `${casesText(first.total)}${filterText}, ${shown.toLocaleString('de-DE')} angezeigt – zuerst die mit Klärungsbedarf, dann Krisen, dann die ältesten; abgeschlossene zuletzt`;
  };
  count();
  const more = moreRowsButton(first.next, {
    load: (cursor) => api<CaseListAnswer>('GET', caseListPath(filter, cursor)),
    body,
    row: (record) => row(profile, record),
    appended: (cases) => {
      shown += cases.length;
      count();
      setStatus(cases.length === 1 ? '1 weiterer Fall geladen.' : `${String(cases.length)} weitere Fälle geladen.`);
    },
  });
  replace(byId('liste'), h('table', {}, caption, h('thead', {}, h('tr', {}, ...headers.map((header) => h('th', { scope: 'col' }, header)))), body), more);
}

async function showCases(coordinator: boolean): Promise<void> {
  const title = coordinator ? 'Alle Fälle' : 'Meine Fälle';
  byId('titel').textContent = title;
  document.title = `${title} – KIM Flow`;
  const list = byId('liste');
  setStatus('Die Fälle werden geladen.');
  try {
    const [profile, managers] = await Promise.all([publicProfile(), coordinator ? api<CaseManagersAnswer>('GET', '/api/case-managers') : { caseManagers: [] }]);
    const parsed = caseListFilter(new URLSearchParams(location.search), profile.municipalities.map((m) => m.id));
    // A case manager's list is their own caseload: only the stage narrows it.
    const filter: CaseListFilter = coordinator ? parsed : parsed.stage === undefined ? {} : { stage: parsed.stage };
    replace(byId('filter'), filterForm([stageField(filter), ...(coordinator ? [selectionField(profile, managers.caseManagers, filter)] : [])]));
    const first = await api<CaseListAnswer>('GET', caseListPath(filter));
    const filterText = describeFilter(profile, managers.caseManagers, filter);
    if (first.cases.length === 0 && first.next === undefined) {
      const empty = filterText !== '' ? 'Keine Fälle passen zu diesem Filter.' : coordinator ? 'Zurzeit gibt es keine Fälle.' : 'Ihnen sind zurzeit keine Fälle zugewiesen.';
      replace(list, h('p', { class: 'hinweis' }, empty));
      setStatus(empty);
      return;
    }
    showList(profile, filter, first, filterText);
    setStatus(`${casesText(first.total)}, ${String(first.cases.length)} geladen.`);
  } catch (error) {
    showFailure(list, error);
    setStatus('Die Fälle konnten nicht geladen werden.');
  }
}

const start = await startPage(['casemanager', 'coordinator']);
if (start !== undefined) await showCases(hasRole(start.session, 'coordinator'));
