/**
 * "Fall suchen" (case managers and the coordination): by case number, or by family name and date of birth, among
 * the cases the person may see (POST /api/case-search, core/casework/search-cases.ts). The criteria go in the
 * request body and never into the page's URL, so no name lands in the browser's history. Errors beside their field
 * and in the form's summary; the results as a table whose case numbers lead to the case; a search without result
 * says so in words (and the same words whether a case exists for someone else or not).
 */
import type { CaseSearchAnswer } from '../../functions/search-cases/schema.ts';
import { STAGE_LABELS } from '../../core/cases/case-labels.ts';
import type { PublicProfile } from '../../core/profile/public-profile.ts';
import { api } from '../api.ts';
import { byId, dateElement, h, replace, timeElement } from '../dom.ts';
import { clearErrors, failureReport, field, showErrors } from '../forms.ts';
import { nameIn, publicProfile } from '../public-profile.ts';
import { setStatus, showFailure, startPage } from '../shell.ts';

const CASE_NUMBER = { id: 'suche-fallnummer', label: 'Fallnummer' };
const FAMILY_NAME = { id: 'suche-familienname', label: 'Familienname' };
const DATE_OF_BIRTH = { id: 'suche-geburtsdatum', label: 'Geburtsdatum' };
/** The API's field names, for placing its errors. */
const FIELDS: Readonly<Record<string, { readonly id: string; readonly label: string }>> = { caseNumber: CASE_NUMBER, familyName: FAMILY_NAME, dateOfBirth: DATE_OF_BIRTH };

type Hit = CaseSearchAnswer['results'][number];

function resultTable(profile: PublicProfile, results: readonly Hit[]): HTMLTableElement {
  const headers = ['Fallnummer', 'Familienname', 'Vornamen', 'Geburtsdatum', 'Kommune', 'Phase', 'Angelegt'];
  return h(
    'table',
    {},
    h('caption', {}, results.length === 1 ? '1 Fall gefunden' : `${String(results.length)} Fälle gefunden`),
    h('thead', {}, h('tr', {}, ...headers.map((header) => h('th', { scope: 'col' }, header)))),
    h(
      'tbody',
      {},
      ...results.map((hit) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, h('a', { href: `/fall.html?id=${encodeURIComponent(hit.caseId)}` }, hit.caseId)),
          h('td', {}, hit.familyName),
          h('td', {}, hit.givenNames ?? '–'),
          h('td', {}, dateElement(hit.dateOfBirth)),
          h('td', {}, nameIn(profile.municipalities, hit.municipalityId)),
          h('td', {}, STAGE_LABELS[hit.stage]),
          h('td', {}, timeElement(hit.createdAt, false)),
        ),
      ),
    ),
  );
}

function searchForm(profile: PublicProfile): HTMLFormElement {
  const summary = h('div', {});
  const caseNumber = h('input', { type: 'text', name: 'caseNumber', autocomplete: 'off', spellcheck: false });
  const familyName = h('input', { type: 'text', name: 'familyName', autocomplete: 'off' });
  const dateOfBirth = h('input', { type: 'text', name: 'dateOfBirth', autocomplete: 'off', inputmode: 'numeric' });
  const button = h('button', { type: 'submit' }, 'Suchen');
  const form = h(
    'form',
    { novalidate: true, role: 'search', 'aria-label': 'Fall suchen' },
    summary,
    field(CASE_NUMBER.id, CASE_NUMBER.label, caseNumber, 'Zum Beispiel KIM-2026-7QK3M2XD. Ist sie angegeben, wird nur nach ihr gesucht.'),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Oder nach der Person'),
      field(FAMILY_NAME.id, FAMILY_NAME.label, familyName, 'Groß- und Kleinschreibung, Akzente, Leerzeichen und Bindestriche spielen keine Rolle.'),
      field(DATE_OF_BIRTH.id, DATE_OF_BIRTH.label, dateOfBirth, 'Im Format TT.MM.JJJJ, zum Beispiel 02.03.1988.'),
    ),
    h('div', { class: 'aktionen' }, button),
  );
  const results = byId('ergebnis');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    replace(results);
    button.disabled = true;
    setStatus('Es wird gesucht.');
    const criteria = { caseNumber: caseNumber.value, familyName: familyName.value, dateOfBirth: dateOfBirth.value };
    void api<CaseSearchAnswer>('POST', '/api/case-search', criteria)
      .then(({ results: hits }) => {
        if (hits.length === 0) {
          const empty = 'Kein Fall gefunden, den Sie sehen dürfen.';
          replace(results, h('p', { class: 'hinweis' }, empty));
          setStatus(empty);
          return;
        }
        replace(results, resultTable(profile, hits));
        setStatus(hits.length === 1 ? '1 Fall gefunden.' : `${String(hits.length)} Fälle gefunden.`);
      })
      .catch((error: unknown) => {
        setStatus('');
        const report = failureReport(error, (name) => {
          const known = FIELDS[name];
          return known === undefined ? undefined : { elementId: known.id, label: known.label };
        });
        if (report.placed.length === 0 && report.unplaced.length === 0) showFailure(results, error);
        else showErrors(summary, report);
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  return form;
}

const start = await startPage(['casemanager', 'coordinator']);
if (start !== undefined) {
  try {
    replace(byId('suche'), searchForm(await publicProfile()));
  } catch (error) {
    showFailure(byId('suche'), error);
  }
}
