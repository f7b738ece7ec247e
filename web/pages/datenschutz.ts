/**
 * "Protokoll der Zugriffe" for the data protection officer: the reads and changes by staff (GET /api/audit,
 * core/privacy/audit-log.ts), filtered by person, case number and period, a table newest first with "Weitere laden".
 * It shows ids, names of staff, case numbers and kinds of event — never anything of the person a case is about.
 * The filters live in the URL, so a view can be reloaded and passed on.
 */
import { addCalendarDays, localDate } from '../../core/calendar/local-date.ts';
import type { AuditAnswer, AuditEntry } from '../../core/privacy/audit-log.ts';
import type { ActorName } from '../../core/privacy/staff-names.ts';
import { api } from '../api.ts';
import { TIME_ZONE } from '../dates.ts';
import { byId, h, replace, timeElement } from '../dom.ts';
import { clearErrors, failureReport, showErrors } from '../forms.ts';
import { moreButton } from '../paged-list.ts';
import { setStatus, showFailure, startPage } from '../shell.ts';

const FIELDS: Readonly<Record<string, string>> = { actor: 'Person', case: 'Fallnummer', from: 'Von', to: 'Bis' };
const control = (id: string): HTMLInputElement | HTMLSelectElement => byId(id) as HTMLInputElement | HTMLSelectElement;

function filterQuery(cursor?: string): URLSearchParams {
  const query = new URLSearchParams();
  for (const name of Object.keys(FIELDS)) {
    const value = control(name).value.trim();
    if (value !== '') query.set(name, value);
  }
  if (cursor !== undefined) query.set('cursor', cursor);
  return query;
}

const row = (entry: AuditEntry): HTMLTableRowElement =>
  h('tr', {}, h('td', {}, timeElement(entry.at)), h('td', {}, entry.by.name), h('td', {}, entry.by.role), h('td', {}, entry.caseId), h('td', {}, entry.kindLabel));

function showLog(answer: AuditAnswer): void {
  const body = h('tbody', {}, ...answer.entries.map(row));
  const caption = h('caption', {});
  const count = (n: number) => {
    caption.textContent = n === 1 ? '1 Vorgang' : `${String(n)} Vorgänge${n > 0 ? ', neueste zuerst' : ''}`;
  };
  let shown = answer.entries.length;
  count(shown);
  const more = moreButton(answer.next, {
    label: 'Weitere laden',
    load: async (cursor) => {
      const page = await api<AuditAnswer>('GET', `/api/audit?${filterQuery(cursor).toString()}`);
      return { items: page.entries, ...(page.next === undefined ? {} : { next: page.next }) };
    },
    append: (entries) => {
      body.append(...entries.map(row));
      shown += entries.length;
      count(shown);
      setStatus(`${String(entries.length)} weitere Vorgänge geladen.`);
    },
  });
  const headers = ['Zeitpunkt', 'Person', 'Rolle', 'Fallnummer', 'Vorgang'];
  replace(
    byId('protokoll'),
    answer.entries.length === 0
      ? h('p', { class: 'hinweis' }, 'Im gewählten Zeitraum gibt es keine passenden Vorgänge.')
      : h('table', {}, caption, h('thead', {}, h('tr', {}, ...headers.map((header) => h('th', { scope: 'col' }, header)))), body),
    more,
  );
}

async function load(summary: HTMLElement, form: HTMLFormElement): Promise<void> {
  clearErrors(form, summary);
  const button = byId('anzeigen') as HTMLButtonElement;
  button.disabled = true;
  setStatus('Das Protokoll wird geladen.');
  const query = filterQuery();
  history.replaceState(null, '', `?${query.toString()}`);
  try {
    const answer = await api<AuditAnswer>('GET', `/api/audit?${query.toString()}`);
    showLog(answer);
    setStatus(answer.entries.length === 1 ? '1 Vorgang gefunden.' : `${String(answer.entries.length)} Vorgänge gefunden.`);
  } catch (error) {
    setStatus('');
    replace(byId('protokoll'));
    const report = failureReport(error, (name) => (FIELDS[name] === undefined ? undefined : { elementId: name, label: FIELDS[name] }));
    if (report.placed.length === 0 && report.unplaced.length === 0) showFailure(byId('protokoll'), error);
    else showErrors(summary, report);
  } finally {
    button.disabled = false;
  }
}

const staffOption = (person: ActorName, selected: string): HTMLOptionElement => h('option', { value: person.id, selected: person.id === selected }, `${person.name} (${person.role})`);

const start = await startPage(['dpo']);
if (start !== undefined) {
  const params = new URLSearchParams(location.search);
  const today = localDate(new Date(), TIME_ZONE);
  control('from').value = params.get('from') ?? addCalendarDays(today, -30);
  control('to').value = params.get('to') ?? today;
  control('case').value = params.get('case') ?? '';
  const form = byId('filter') as HTMLFormElement;
  const summary = byId('fehler');
  try {
    const { staff } = await api<{ staff: ActorName[] }>('GET', '/api/audit/staff');
    control('actor').append(...staff.map((person) => staffOption(person, params.get('actor') ?? '')));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void load(summary, form);
    });
    await load(summary, form);
  } catch (error) {
    showFailure(byId('protokoll'), error);
  }
}
