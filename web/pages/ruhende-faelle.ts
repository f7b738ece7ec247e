/**
 * "Ruhende Fälle" (coordination only): GET /api/inactive-cases — open cases quiet for the profile's period, the
 * longest quiet first, each linked to its case page, where it is closed or erased. Case numbers, stages and dates
 * only: no personal data. The API answers a page at a time: the first page, then "Weitere laden" appends the next.
 */
import type { InactiveCasesAnswer } from '../../functions/list-inactive-cases/schema.ts';
import { STAGE_LABELS } from '../../core/cases/case-labels.ts';
import type { PublicProfile } from '../../core/profile/public-profile.ts';
import { api } from '../api.ts';
import { germanDateOf } from '../dates.ts';
import { byId, h, replace } from '../dom.ts';
import { moreRowsButton } from '../paged-list.ts';
import { nameIn, publicProfile } from '../public-profile.ts';
import { setStatus, showFailure, startPage } from '../shell.ts';

const HEADINGS = ['Fall', 'Phase', 'Kommune', 'Case-Manager*in', 'Letzte Aktivität', 'Ruht seit'];
type Row = InactiveCasesAnswer['cases'][number];

const pagePath = (cursor?: string): string => `/api/inactive-cases${cursor === undefined ? '' : `?cursor=${encodeURIComponent(cursor)}`}`;
const casesText = (n: number): string => (n === 1 ? '1 Fall' : `${n.toLocaleString('de-DE')} Fälle`);

const row = (profile: PublicProfile, record: Row): HTMLTableRowElement =>
  h(
    'tr',
    {},
    h('th', { scope: 'row' }, h('a', { href: `/fall.html?id=${encodeURIComponent(record.caseId)}` }, record.caseId), record.parked && h('span', {}, ' ', h('span', { class: 'marke kritisch' }, 'Klärung nötig'))),
    h('td', {}, STAGE_LABELS[record.stage]),
    h('td', {}, nameIn(profile.municipalities, record.municipalityId)),
    h('td', {}, record.caseManagerName ?? '–'),
    h('td', {}, germanDateOf(new Date(record.lastActivityAt), profile.district.timeZone)),
    h('td', { class: 'zahl' }, `${String(record.quietDays)} Tagen`),
  );

async function showInactiveCases(): Promise<void> {
  const container = byId('ruhende-faelle');
  setStatus('Die ruhenden Fälle werden geladen.');
  try {
    const [profile, first] = await Promise.all([publicProfile(), api<InactiveCasesAnswer>('GET', pagePath())]);
    const period = `Frist: ${String(first.inactiveCaseDays)} Tage ohne Aktivität.`;
    if (first.cases.length === 0 && first.next === undefined) {
      replace(container, h('p', { class: 'hinweis' }, `Kein offener Fall ruht. ${period}`));
      setStatus('Kein offener Fall ruht.');
      return;
    }
    const body = h('tbody', {}, ...first.cases.map((record) => row(profile, record)));
    const caption = h('caption', {});
    let shown = first.cases.length;
    let more = first.next !== undefined;
    // No total: the API reads a page, never all quiet cases; the caption says whether more follow.
    const count = (): void => {
      caption.textContent = `Ruhende Fälle, die am längsten ruhenden zuerst: ${casesText(shown)} angezeigt${more ? ', weitere folgen' : ''}. ${period}`;
    };
    count();
    const button = moreRowsButton(first.next, {
      load: (cursor) => api<InactiveCasesAnswer>('GET', pagePath(cursor)),
      body,
      row: (record) => row(profile, record),
      appended: (cases, next) => {
        shown += cases.length;
        more = next;
        count();
        setStatus(cases.length === 1 ? '1 weiterer ruhender Fall geladen.' : `${String(cases.length)} weitere ruhende Fälle geladen.`);
      },
    });
    replace(container, h('table', {}, caption, h('thead', {}, h('tr', {}, ...HEADINGS.map((label) => h('th', { scope: 'col' }, label)))), body), button);
    setStatus(`${casesText(first.cases.length)} geladen.`);
  } catch (error) {
    showFailure(container, error);
    setStatus('Die ruhenden Fälle konnten nicht geladen werden.');
  }
}

if ((await startPage(['coordinator'])) !== undefined) await showInactiveCases();
