// "Übergabe" (coordination): choose a case manager — active, or one who left and still owns cases —, see her open
// cases (number, stage, municipality, focus area; no personal data), and hand them over, all to one person or each to
// the least loaded one who may take it, with a reason. The cases go one by one (POST /api/cases/{id}/handover with
// the person as `from`, so a repeated run moves nothing twice); each row says what became of its case. The person
// can be preset by the URL (?person=<id>), as `npm run staff -- disable` prints it.
import { STAGE_LABELS } from '../../core/cases/case-labels.ts';
import type { PublicProfile } from '../../core/profile/public-profile.ts';
import type { HandOverAnswer } from '../../functions/hand-over-case/schema.ts';
import type { CaseManagersAnswer } from '../../functions/list-case-managers/schema.ts';
import type { CaseloadCasesAnswer } from '../../functions/list-caseload/schema.ts';
import { api, ApiFailure } from '../api.ts';
import { byId, h, replace } from '../dom.ts';
import { clearErrors, failureReport, field, showErrors } from '../forms.ts';
import { handoverFields, openCasesText, targetOptionLabel } from '../handover-form.ts';
import { nameIn, publicProfile } from '../public-profile.ts';
import { setStatus, showFailure, startPage } from '../shell.ts';

type CaseManager = CaseManagersAnswer['caseManagers'][number];
type OpenCase = CaseloadCasesAnswer['cases'][number];

const PERSON_ID = 'uebergabe-person';

function personLabel(m: CaseManager, profile: PublicProfile): string {
  return `${targetOptionLabel(m, profile)}${m.active ? '' : ' – deaktiviert'}`;
}

function personForm(managers: readonly CaseManager[], profile: PublicProfile, chosen: string | null, show: (staffId: string) => Promise<void>): HTMLFormElement {
  // Someone who left matters here only while she still owns cases.
  const listed = managers.filter((m) => m.active || m.openCases > 0);
  const select = h(
    'select',
    { name: 'person' },
    h('option', { value: '' }, 'Bitte wählen'),
    ...listed.map((m) => h('option', { value: m.staffId, ...(m.staffId === chosen ? { selected: true } : {}) }, personLabel(m, profile))),
  );
  const form = h(
    'form',
    { novalidate: true },
    field(PERSON_ID, 'Fälle von', select, 'Alle Personen im Case-Management mit ihren offenen Fällen; deaktivierte nur, solange sie noch Fälle haben.'),
    h('div', { class: 'aktionen' }, h('button', { type: 'submit' }, 'Offene Fälle zeigen')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (select.value === '') {
      replace(byId('faelle'), h('p', { class: 'hinweis', role: 'status' }, 'Bitte wählen Sie zuerst eine Person.'));
      select.focus();
      return;
    }
    history.replaceState(null, '', `?person=${encodeURIComponent(select.value)}`);
    void show(select.value);
  });
  return form;
}

function caseRow(c: OpenCase, profile: PublicProfile, result: HTMLTableCellElement): HTMLTableRowElement {
  return h(
    'tr',
    {},
    h('th', { scope: 'row' }, h('a', { href: `/fall.html?id=${encodeURIComponent(c.caseId)}` }, c.caseId)),
    h('td', {}, STAGE_LABELS[c.stage]),
    h('td', {}, nameIn(profile.municipalities, c.municipalityId)),
    h('td', {}, nameIn(profile.focusAreas, c.focusArea)),
    result,
  );
}

function setResult(cell: HTMLTableCellElement, text: string, tone?: 'uebergeben' | 'nicht-uebergeben'): void {
  cell.className = `ergebnis${tone === undefined ? '' : ` ${tone}`}`;
  cell.textContent = text;
}

async function showCases(person: CaseManager, managers: readonly CaseManager[], profile: PublicProfile): Promise<void> {
  const container = byId('faelle');
  replace(container, h('p', {}, 'Die offenen Fälle werden geladen …'));
  const { cases } = await api<CaseloadCasesAnswer>('GET', `/api/staff/${encodeURIComponent(person.staffId)}/cases`);
  const heading = h('h2', {}, `Offene Fälle von ${person.name}`);
  if (cases.length === 0) {
    replace(container, heading, h('p', { role: 'status' }, `${person.name} hat keine offenen Fälle.`));
    setStatus(`${person.name} hat keine offenen Fälle.`);
    return;
  }
  const results = new Map(cases.map((c) => [c.caseId, h('td', { class: 'ergebnis' }, 'offen')]));
  const table = h(
    'table',
    {},
    h('caption', {}, `${openCasesText(cases.length)} von ${person.name}`),
    h('thead', {}, h('tr', {}, ...['Fall', 'Phase', 'Kommune', 'Schwerpunkt', 'Übergabe'].map((title) => h('th', { scope: 'col' }, title)))),
    h('tbody', {}, ...cases.map((c) => caseRow(c, profile, results.get(c.caseId) ?? h('td', {})))),
  );
  const targets = managers.filter((m) => m.active && m.staffId !== person.staffId);
  const fields = handoverFields('alle', targets, profile, 'Eine Person für alle Fälle, oder automatisch je Fall die mit den wenigsten offenen Fällen, deren Träger Kommune und Schwerpunkt abdeckt.');
  const summary = h('div', {});
  // Visible progress; the page's one live region (setStatus) says the result, so nothing is announced twice.
  const progress = h('p', { class: 'hinweis' });
  const button = h('button', { type: 'submit' }, cases.length === 1 ? 'Den offenen Fall übergeben' : `Alle ${openCasesText(cases.length)} übergeben`);
  const form = h('form', { novalidate: true }, h('h2', {}, 'Übergeben'), summary, ...fields.elements, h('div', { class: 'aktionen' }, button), progress);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    button.disabled = true;
    void handOverAll(person, cases, results, { target: fields.target.value, reason: fields.reason.value }, managers, progress)
      .catch((error: unknown) => {
        // The request itself was wrong (reason, target): beside its field; nothing was moved.
        showErrors(summary, failureReport(error, fields.place), { heading: 'h3' });
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  replace(
    container,
    heading,
    !person.active && h('p', { class: 'hinweis' }, `${person.name} ist deaktiviert. Bitte übergeben Sie alle offenen Fälle: niemand sonst kann sie bearbeiten.`),
    table,
    form,
  );
  setStatus(`${openCasesText(cases.length)} von ${person.name} geladen.`);
}

/** One case after the other; a refusal of one case (e.g. the target does not cover it) is its row's. */
async function handOverAll(
  person: CaseManager,
  cases: readonly OpenCase[],
  results: ReadonlyMap<string, HTMLTableCellElement>,
  input: { readonly target: string; readonly reason: string },
  managers: readonly CaseManager[],
  progress: HTMLElement,
): Promise<void> {
  const nameOf = (staffId: string): string => managers.find((m) => m.staffId === staffId)?.name ?? staffId;
  let moved = 0;
  let refused = 0;
  for (const [index, c] of cases.entries()) {
    const cell = results.get(c.caseId);
    if (cell === undefined) continue;
    progress.textContent = `Fall ${String(index + 1)} von ${String(cases.length)} wird übergeben …`;
    setResult(cell, 'wird übergeben …');
    try {
      const done = await api<HandOverAnswer>('POST', `/api/cases/${encodeURIComponent(c.caseId)}/handover`, { from: person.staffId, ...input });
      moved += 1;
      setResult(cell, done.handedOver ? `übergeben an ${nameOf(done.caseManagerId)}` : `war bereits bei ${nameOf(done.caseManagerId)}`, 'uebergeben');
    } catch (error) {
      // A missing or unusable reason is the same for every case: said once, at its field, before anything moved.
      if (error instanceof ApiFailure && error.errors.some((e) => e.field === 'reason')) {
        setResult(cell, 'offen');
        progress.textContent = '';
        throw error;
      }
      refused += 1;
      setResult(cell, `nicht übergeben: ${error instanceof ApiFailure ? error.message : 'unerwarteter Fehler'}`, 'nicht-uebergeben');
    }
  }
  const text =
    refused === 0
      ? `${cases.length === 1 ? 'Der offene Fall ist' : `Alle ${openCasesText(cases.length)} sind`} übergeben. Die neuen zuständigen Personen wurden per E-Mail informiert.`
      : `${String(moved)} von ${openCasesText(cases.length)} übergeben, ${String(refused)} nicht – der Grund steht beim Fall. Bitte wählen Sie für diese eine andere Person.`;
  progress.textContent = text;
  setStatus(text);
}

async function main(): Promise<void> {
  const started = await startPage(['coordinator']);
  if (started === undefined) return;
  const container = byId('person');
  try {
    const [profile, { caseManagers }] = await Promise.all([publicProfile(), api<CaseManagersAnswer>('GET', '/api/case-managers')]);
    const chosen = new URLSearchParams(location.search).get('person');
    const show = async (staffId: string): Promise<void> => {
      const person = caseManagers.find((m) => m.staffId === staffId);
      if (person === undefined) {
        replace(byId('faelle'), h('p', { class: 'hinweis', role: 'status' }, 'Diese Person gibt es im Case-Management nicht.'));
        return;
      }
      await showCases(person, caseManagers, profile).catch((error: unknown) => {
        showFailure(byId('faelle'), error);
      });
    };
    replace(container, personForm(caseManagers, profile, chosen, show));
    setStatus('Personen im Case-Management geladen.');
    if (chosen !== null && chosen !== '') await show(chosen);
  } catch (error) {
    showFailure(container, error);
  }
}

void main();
