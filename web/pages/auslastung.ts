/**
 * "Auslastung" (coordination only): GET /api/caseload as a table, one row per case manager — open cases, the
 * main stages, overdue assessments and referrals, parked cases — with links to the cases that need action, and
 * the waiting list linked to the case list filtered by its stage. Counts and case numbers only: no personal data.
 */
import type { CaseloadOverviewAnswer } from '../../functions/caseload-overview/schema.ts';
import type { PublicProfile } from '../../core/profile/public-profile.ts';
import { api } from '../api.ts';
import { byId, h, replace } from '../dom.ts';
import { nameIn, publicProfile } from '../public-profile.ts';
import { setStatus, showFailure, startPage } from '../shell.ts';

type Row = CaseloadOverviewAnswer['caseManagers'][number];

const COLUMNS: readonly { readonly label: string; readonly value: (row: Row) => number }[] = [
  { label: 'Offene Fälle', value: (row) => row.openCases },
  { label: 'Wartet auf Einschätzung', value: (row) => row.awaitingAssessment },
  { label: 'Vermittlung läuft', value: (row) => row.byStage.referring },
  { label: 'In Begleitung', value: (row) => row.byStage.monitoring },
  { label: 'Einschätzung überfällig', value: (row) => row.assessmentOverdue },
  { label: 'Vermittlung überfällig', value: (row) => row.referralOverdue },
  { label: 'Klärung nötig (geparkt)', value: (row) => row.parked },
];

const caseLink = (caseId: string): HTMLAnchorElement => h('a', { href: `/fall.html?id=${encodeURIComponent(caseId)}` }, caseId);

function caseloadTable(profile: PublicProfile, rows: readonly Row[]): HTMLTableElement {
  return h(
    'table',
    {},
    h('caption', {}, `${String(rows.length)} Case-Manager*innen, nach Träger`),
    h('thead', {}, h('tr', {}, ...['Case-Manager*in', 'Träger', ...COLUMNS.map((c) => c.label), 'Fälle mit Handlungsbedarf'].map((label) => h('th', { scope: 'col' }, label)))),
    h(
      'tbody',
      {},
      ...rows.map((row) =>
        h(
          'tr',
          {},
          h(
            'th',
            { scope: 'row' },
            row.name,
            row.leftAt !== undefined && h('span', {}, ' ', h('span', { class: 'marke kritisch' }, 'ausgeschieden'), ' ', h('a', { href: `/uebergabe.html?person=${encodeURIComponent(row.staffId)}` }, 'Fälle übergeben')),
          ),
          h('td', {}, nameIn(profile.providers, row.providerId)),
          ...COLUMNS.map((column) => h('td', { class: 'zahl' }, String(column.value(row)))),
          h('td', {}, row.needsAction.length === 0 ? '–' : h('ul', { class: 'fallnummern' }, ...row.needsAction.map((id) => h('li', {}, caseLink(id))))),
        ),
      ),
    ),
  );
}

async function showCaseload(): Promise<void> {
  const container = byId('auslastung');
  setStatus('Die Auslastung wird geladen.');
  try {
    const [profile, caseload] = await Promise.all([publicProfile(), api<CaseloadOverviewAnswer>('GET', '/api/caseload')]);
    const waiting = caseload.waitingList === 1 ? '1 Fall wartet' : `${String(caseload.waitingList)} Fälle warten`;
    replace(
      container,
      caseload.caseManagers.length === 0 ? h('p', { class: 'hinweis' }, 'Es gibt zurzeit keine aktiven Case-Manager*innen.') : caseloadTable(profile, caseload.caseManagers),
      h('p', {}, `Warteliste: ${waiting} auf einen freien Platz. `, h('a', { href: '/faelle.html?stage=waiting-list' }, 'Fälle auf der Warteliste anzeigen')),
    );
    setStatus('Auslastung geladen.');
  } catch (error) {
    showFailure(container, error);
    setStatus('Die Auslastung konnte nicht geladen werden.');
  }
}

if ((await startPage(['coordinator'])) !== undefined) await showCaseload();
