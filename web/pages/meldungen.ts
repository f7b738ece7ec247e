// The gap reports for the coordination: one row per kind of gap (reason, municipality, focus area, need) with
// how often and when it was reported. Read-only for now; reviewing and routing follows.
import { GAP_REASON_LABELS } from '../../core/cases/case-labels.ts';
import type { GapReportGroup, GapReportList } from '../../core/casework/list-gap-reports.ts';
import type { PublicProfile } from '../../core/profile/public-profile.ts';
import { api } from '../api.ts';
import { byId, dateElement, h, replace } from '../dom.ts';
import { nameIn, publicProfile } from '../public-profile.ts';
import { setStatus, showFailure, startPage } from '../shell.ts';

const STATUSES: Readonly<Record<GapReportGroup['status'], string>> = { new: 'neu' };

function reported(group: GapReportGroup): (HTMLElement | string)[] {
  return group.firstReported === group.lastReported ? [dateElement(group.lastReported)] : [dateElement(group.firstReported), ' bis ', dateElement(group.lastReported)];
}

function render(profile: PublicProfile, list: GapReportList): void {
  const container = byId('meldungen');
  if (list.groups.length === 0) {
    replace(container, h('p', {}, 'Es liegen keine Bedarfsmeldungen vor.'));
    return;
  }
  const headings = ['Grund', 'Bedarf', 'Kommune', 'Schwerpunkt', 'Anzahl', 'Gemeldet', 'Status'];
  replace(
    container,
    h('p', {}, `${String(list.gapReports.length)} Meldung(en) in ${String(list.groups.length)} Gruppe(n), die häufigsten zuerst.`),
    h(
      'table',
      {},
      h('caption', {}, 'Bedarfsmeldungen nach Art, Kommune und Schwerpunkt'),
      h('thead', {}, h('tr', {}, ...headings.map((heading) => h('th', { scope: 'col' }, heading)))),
      h(
        'tbody',
        {},
        ...list.groups.map((group) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, GAP_REASON_LABELS[group.reason]),
            h('td', {}, nameIn(profile.needCategories, group.needCategory)),
            h('td', {}, nameIn(profile.municipalities, group.municipalityId)),
            h('td', {}, nameIn(profile.focusAreas, group.focusArea)),
            h('td', { class: 'zahl' }, String(group.count)),
            h('td', {}, ...reported(group)),
            h('td', {}, h('span', { class: 'marke warnung' }, STATUSES[group.status])),
          ),
        ),
      ),
    ),
  );
}

async function main(): Promise<void> {
  if ((await startPage(['coordinator'])) === undefined) return;
  setStatus('Die Bedarfsmeldungen werden geladen.');
  try {
    const [profile, list] = await Promise.all([publicProfile(), api<GapReportList>('GET', '/api/gap-reports')]);
    render(profile, list);
    setStatus('Die Bedarfsmeldungen sind geladen.');
  } catch (error) {
    showFailure(byId('meldungen'), error);
    setStatus('Die Bedarfsmeldungen konnten nicht geladen werden.');
  }
}

void main();
