/**
 * "Ruhende Fälle" (coordination only): GET /api/inactive-cases — open cases quiet for the profile's period, the
 * longest quiet first, each linked to its case page, where it is closed or erased. Case numbers, stages and dates
 * only: no personal data.
 */
import type { InactiveCasesAnswer } from '../../functions/list-inactive-cases/schema.ts';
import { STAGE_LABELS } from '../../core/cases/case-labels.ts';
import { api } from '../api.ts';
import { germanDateOf } from '../dates.ts';
import { byId, h, replace } from '../dom.ts';
import { nameIn, publicProfile } from '../public-profile.ts';
import { setStatus, showFailure, startPage } from '../shell.ts';

const HEADINGS = ['Fall', 'Phase', 'Kommune', 'Case-Manager*in', 'Letzte Aktivität', 'Ruht seit'];

async function showInactiveCases(): Promise<void> {
  const container = byId('ruhende-faelle');
  setStatus('Die ruhenden Fälle werden geladen.');
  try {
    const [profile, answer] = await Promise.all([publicProfile(), api<InactiveCasesAnswer>('GET', '/api/inactive-cases')]);
    const zone = profile.district.timeZone;
    const period = `Frist: ${String(answer.inactiveCaseDays)} Tage ohne Aktivität.`;
    if (answer.total === 0) {
      replace(container, h('p', { class: 'hinweis' }, `Kein offener Fall ruht. ${period}`));
      setStatus('Kein offener Fall ruht.');
      return;
    }
    const shown = answer.cases.length < answer.total ? `die ${String(answer.cases.length)} am längsten ruhenden von ${String(answer.total)}` : String(answer.total);
    replace(
      container,
      h(
        'table',
        {},
        h('caption', {}, `Ruhende Fälle: ${shown}. ${period}`),
        h('thead', {}, h('tr', {}, ...HEADINGS.map((label) => h('th', { scope: 'col' }, label)))),
        h(
          'tbody',
          {},
          ...answer.cases.map((row) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, h('a', { href: `/fall.html?id=${encodeURIComponent(row.caseId)}` }, row.caseId), row.parked && h('span', {}, ' ', h('span', { class: 'marke kritisch' }, 'Klärung nötig'))),
              h('td', {}, STAGE_LABELS[row.stage]),
              h('td', {}, nameIn(profile.municipalities, row.municipalityId)),
              h('td', {}, row.caseManagerName ?? '–'),
              h('td', {}, germanDateOf(new Date(row.lastActivityAt), zone)),
              h('td', { class: 'zahl' }, `${String(row.quietDays)} Tagen`),
            ),
          ),
        ),
      ),
    );
    setStatus(`${String(answer.total)} ruhende Fälle geladen.`);
  } catch (error) {
    showFailure(container, error);
    setStatus('Die ruhenden Fälle konnten nicht geladen werden.');
  }
}

if ((await startPage(['coordinator'])) !== undefined) await showInactiveCases();
