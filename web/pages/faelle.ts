// "Meine Fälle" (case managers: their caseload) and "Alle Fälle" (coordinators: every case, with a filter by
// stage and municipality as a GET form, so a filtered list is a link). Cases needing attention come first.
import type { CaseSummary } from '../../core/casework/read-cases.ts';
import { STAGE_LABELS } from '../../core/cases/case-labels.ts';
import type { PublicProfile } from '../../core/profile/public-profile.ts';
import { api } from '../api.ts';
import { byId, h, replace, timeElement } from '../dom.ts';
import { hasRole } from '../session.ts';
import { setStatus, showFailure, startPage } from '../shell.ts';
import { CASE_STAGES_IN_ORDER, caseListFilter, caseListPath, caseMarks, waitingFor, waitingSince, type CaseListFilter } from '../case-labels.ts';
import { marksElement } from '../case-page.ts';
import { field } from '../forms.ts';
import { nameIn, publicProfile } from '../public-profile.ts';

function select(name: string, emptyLabel: string, options: readonly { value: string; label: string }[], selected: string | undefined): HTMLSelectElement {
  return h(
    'select',
    { name },
    h('option', { value: '' }, emptyLabel),
    ...options.map((option) => h('option', { value: option.value, selected: option.value === selected }, option.label)),
  );
}

function filterForm(profile: PublicProfile, filter: CaseListFilter): HTMLFormElement {
  const stages = CASE_STAGES_IN_ORDER.map((stage) => ({ value: stage, label: STAGE_LABELS[stage] }));
  const municipalities = profile.municipalities.map((m) => ({ value: m.id, label: m.name }));
  return h(
    'form',
    { method: 'get', action: '/faelle.html', class: 'filter' },
    h(
      'fieldset',
      {},
      h('legend', {}, 'Fälle filtern'),
      field('filter-phase', 'Phase', select('stage', 'Alle Phasen', stages, filter.stage)),
      field('filter-kommune', 'Kommune', select('municipality', 'Alle Kommunen', municipalities, filter.municipality)),
      h('div', { class: 'aktionen' }, h('button', { type: 'submit' }, 'Filter anwenden'), h('a', { href: '/faelle.html', class: 'button-link secondary' }, 'Filter zurücksetzen')),
    ),
  );
}

function focusAreaCell(profile: PublicProfile, record: CaseSummary): string {
  // Before triage only the wish of the intake is known.
  return record.focusArea === undefined ? `${nameIn(profile.focusAreas, record.requestedFocusArea)} (gewünscht)` : nameIn(profile.focusAreas, record.focusArea);
}

function caseTable(profile: PublicProfile, cases: readonly CaseSummary[], filterText: string): HTMLTableElement {
  const count = cases.length === 1 ? '1 Fall' : `${String(cases.length)} Fälle`;
  const headers = ['Fallnummer', 'Kommune', 'Schwerpunkt', 'Phase', 'Wartet auf', 'Seit', 'Hinweise'];
  return h(
    'table',
    {},
    h('caption', {}, `${count}${filterText} – zuerst die mit Klärungsbedarf, dann Krisen, dann die ältesten`),
    h('thead', {}, h('tr', {}, ...headers.map((header) => h('th', { scope: 'col' }, header)))),
    h(
      'tbody',
      {},
      ...cases.map((record) =>
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
        ),
      ),
    ),
  );
}

function describeFilter(profile: PublicProfile, filter: CaseListFilter): string {
  const parts = [
    ...(filter.stage === undefined ? [] : [`Phase „${STAGE_LABELS[filter.stage]}“`]),
    ...(filter.municipality === undefined ? [] : [`Kommune ${nameIn(profile.municipalities, filter.municipality)}`]),
  ];
  return parts.length === 0 ? '' : ` (gefiltert: ${parts.join(', ')})`;
}

async function showCases(coordinator: boolean): Promise<void> {
  const title = coordinator ? 'Alle Fälle' : 'Meine Fälle';
  byId('titel').textContent = title;
  document.title = `${title} – KIM Flow`;
  const list = byId('liste');
  setStatus('Die Fälle werden geladen.');
  try {
    const profile = await publicProfile();
    const filter = coordinator ? caseListFilter(new URLSearchParams(location.search), profile.municipalities.map((m) => m.id)) : {};
    if (coordinator) replace(byId('filter'), filterForm(profile, filter));
    const { cases } = await api<{ cases: CaseSummary[] }>('GET', caseListPath(filter));
    const filterText = describeFilter(profile, filter);
    if (cases.length === 0) {
      const empty = filterText !== '' ? 'Keine Fälle passen zu diesem Filter.' : coordinator ? 'Zurzeit gibt es keine Fälle.' : 'Ihnen sind zurzeit keine Fälle zugewiesen.';
      replace(list, h('p', { class: 'hinweis' }, empty));
      setStatus(empty);
      return;
    }
    replace(list, caseTable(profile, cases, filterText));
    setStatus(cases.length === 1 ? '1 Fall geladen.' : `${String(cases.length)} Fälle geladen.`);
  } catch (error) {
    showFailure(list, error);
    setStatus('Die Fälle konnten nicht geladen werden.');
  }
}

const start = await startPage(['casemanager', 'coordinator']);
if (start !== undefined) await showCases(hasRole(start.session, 'coordinator'));
