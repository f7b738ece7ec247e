/**
 * POST /api/gap-reports/{id}/review: the coordination works through the gap reports.
 *
 *  - `accept`: the free text was checked for personal data (and may be edited); only then can it travel.
 *  - `merge`: the report is the same gap as another one; its count is added to the target's and it points there.
 *  - `route`: the report goes on the agenda of a body's next scheduled meeting (an agenda item as
 *    core/meetings/meeting-admin.ts adds it, raising the meeting's SEQUENCE), written in one transaction with the
 *    report, so the next reconciler run sends the members an invitation update carrying it. The agenda item names category, municipality and count and carries
 *    the checked text — never who raised it.
 *  - `outcome`: what the body did with it (forwarded to the Lenkungsgruppe, a decision, a measure started, closed
 *    without action) with a short text; the report stays routed or is closed.
 *
 * Every change is conditional on the report's version (and the page may send the version it showed: a conflict when
 * the report changed since).
 */
import { parseInput } from '../validation/parse-input.ts';
import * as z from 'zod';
import '../validation/zod-german.ts';
import { GAP_REASON_LABELS } from '../cases/case-labels.ts';
import { GAP_STATUS_LABELS } from '../cases/gap-report-labels.ts';
import { gapCount, type GapReport } from '../cases/gap-report.ts';
import { VersionConflict } from '../cases/ports.ts';
import { conflict, notFound, validationFailed } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import { requireRole } from '../identity/caller.ts';
import { AGENDA_ITEM_MAX_BYTES, fittedAgendaText } from '../meetings/agenda-text.ts';
import { agendaAddition, meetingFor, upcomingMeetings, type MeetingDependencies } from '../meetings/meeting-admin.ts';
import type { MeetingRecord } from '../meetings/meeting.ts';
import type { DistrictProfile } from '../profile/schema.ts';
import type { GapReportRepository, GapReportUpdate } from './gap-report-repository.ts';
import { GAP_ACTION_LABELS as ACTION_LABELS, GAP_REVIEW_ACTIONS, allowedReviewActions, isMergeTarget } from './gap-report-actions.ts';
import { GAP_REVIEW_SCHEMAS } from './input-schemas.ts';

export { allowedReviewActions, GAP_REVIEW_ACTIONS, isMergeTarget, type GapReviewAction } from './gap-report-actions.ts';

/** The agenda item's title: "Bedarfsmeldung: <Kategorie> in <Kommune> (<Anzahl>)". */
export function agendaTitle(profile: DistrictProfile, report: GapReport): string {
  const nameOf = (list: readonly { id: string; name: string }[], id: string | undefined) => (id === undefined ? undefined : list.find((entry) => entry.id === id)?.name ?? id);
  const category = nameOf(profile.needCategories, report.needCategory) ?? nameOf(profile.focusAreas, report.focusArea) ?? GAP_REASON_LABELS[report.reason];
  const municipality = nameOf(profile.municipalities, report.municipalityId) ?? report.municipalityId;
  return `Bedarfsmeldung: ${category} in ${municipality} (${String(gapCount(report))})`;
}

/** The whole agenda item: title, reason and the checked text, cut to fit the agenda's limit (2000 bytes). */
export function agendaText(profile: DistrictProfile, report: GapReport, maxBytes = AGENDA_ITEM_MAX_BYTES): string {
  return fittedAgendaText(`${agendaTitle(profile, report)}\n${GAP_REASON_LABELS[report.reason]}.`, report.text, undefined, maxBytes);
}


export interface GapReviewDependencies extends MeetingDependencies {
  readonly gapReports: GapReportRepository;
}

export interface GapReviewAnswer {
  readonly gapReport: GapReport;
  /** merge: the target as written. */
  readonly target?: GapReport;
  /** route: the meeting the report is on the agenda of. */
  readonly meeting?: Pick<MeetingRecord, 'meetingId' | 'bodyId' | 'start' | 'sequence'>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STALE = 'Die Meldung wurde zwischenzeitlich geändert. Bitte laden Sie die Seite neu.';

async function reportFor(deps: Pick<GapReviewDependencies, 'gapReports'>, gapReportId: string): Promise<GapReport | undefined> {
  return UUID.test(gapReportId) ? deps.gapReports.getGapReport(gapReportId) : undefined;
}

async function write(deps: Pick<GapReviewDependencies, 'gapReports'>, updates: readonly GapReportUpdate[]): Promise<GapReport[]> {
  try {
    return await deps.gapReports.updateGapReports(updates);
  } catch (error) {
    if (error instanceof VersionConflict) throw conflict(STALE);
    throw error;
  }
}

/** Other routings onto the same meeting at the same moment: each try reads the meeting again. */
const ROUTE_ATTEMPTS = 5;

/**
 * The report and its agenda item in one transaction (see GapReportRepository.routeGapReport). When it fails, the
 * report decides: changed meanwhile (e.g. routed by someone else at the same moment) is a conflict; unchanged means
 * only the meeting moved (another item, another routing), and the item is put on the meeting as it is now.
 */
async function route(deps: GapReviewDependencies, caller: Caller, report: GapReport, meetingId: string, today: string): Promise<GapReviewAnswer> {
  for (let attempt = 1; ; attempt += 1) {
    const meeting = await meetingFor(deps, meetingId);
    const { item, changes } = agendaAddition(deps, caller, meeting, agendaText(deps.profile, report), { gapReportId: report.gapReportId });
    const routing = { bodyId: meeting.bodyId, meetingId, agendaItemId: item.itemId, routedAt: today };
    try {
      const written = await deps.gapReports.routeGapReport({ expected: report, changes: { status: 'routed', reviewedAt: today, routing } }, { expected: meeting, changes }, deps.clock.now());
      return { gapReport: written.gapReport, meeting: { meetingId, bodyId: written.meeting.bodyId, start: written.meeting.start, sequence: written.meeting.sequence } };
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
      if ((await reportFor(deps, report.gapReportId))?.version !== report.version) throw conflict(STALE);
      if (attempt >= ROUTE_ATTEMPTS) throw conflict('Die Sitzung wurde zwischenzeitlich geändert. Bitte versuchen Sie es erneut.');
    }
  }
}

export async function reviewGapReport(deps: GapReviewDependencies, caller: Caller, gapReportId: string, raw: unknown): Promise<GapReviewAnswer> {
  requireRole(caller, 'coordinator');
  const { action } = parseInput(z.looseObject({ action: z.enum(GAP_REVIEW_ACTIONS, { error: 'muss accept, merge, route oder outcome sein' }) }), raw);
  const report = await reportFor(deps, gapReportId);
  if (report === undefined) throw notFound('Die Bedarfsmeldung');
  const input = parseInput(GAP_REVIEW_SCHEMAS[action], raw);
  if (input.version !== undefined && input.version !== (report.version ?? 1)) throw conflict(STALE);
  if (!allowedReviewActions(report).includes(action)) {
    const hint = report.status === 'new' && action === 'route' ? ' Bitte prüfen Sie zuerst den Text (annehmen).' : '';
    throw conflict(`Die Meldung ist ${GAP_STATUS_LABELS[report.status]}: „${ACTION_LABELS[action]}“ ist nicht möglich.${hint}`);
  }
  const now = deps.clock.now();
  const today = now.toISOString().slice(0, 10);

  switch (input.action) {
    case 'accept': {
      const [written] = await write(deps, [{ expected: report, changes: { status: 'accepted', reviewedAt: today, ...(input.text === undefined ? {} : { text: input.text }) } }]);
      return { gapReport: written ?? report };
    }
    case 'merge': {
      if (input.targetId === report.gapReportId) throw validationFailed([{ field: 'targetId', message: 'darf nicht die Meldung selbst sein' }]);
      const target = await reportFor(deps, input.targetId);
      if (target === undefined) throw validationFailed([{ field: 'targetId', message: 'ist keine bekannte Bedarfsmeldung' }]);
      if (!isMergeTarget(target)) throw conflict(`Die Zielmeldung ist ${GAP_STATUS_LABELS[target.status]}: in sie kann nicht zusammengeführt werden.`);
      const [source, merged] = await write(deps, [
        { expected: report, changes: { status: 'merged', mergedInto: target.gapReportId, reviewedAt: today } },
        { expected: target, changes: { count: gapCount(target) + gapCount(report) } },
      ]);
      return { gapReport: source ?? report, ...(merged === undefined ? {} : { target: merged }) };
    }
    case 'route': {
      const body = deps.profile.bodies.find((b) => b.id === input.bodyId);
      if (body === undefined) throw validationFailed([{ field: 'bodyId', message: 'ist kein Gremium des Profils' }]);
      const [next] = await upcomingMeetings(deps, body.id);
      if (next === undefined) throw conflict(`Für das Gremium „${body.name}“ ist keine kommende Sitzung geplant.`);
      return route(deps, caller, report, next.meetingId, today);
    }
    case 'outcome': {
      const outcome = { outcome: input.outcome, text: input.text, recordedAt: today, ...(report.routing === undefined ? {} : { bodyId: report.routing.bodyId }) };
      const [written] = await write(deps, [{ expected: report, changes: { status: input.close === true ? 'closed' : 'routed', outcomes: [...(report.outcomes ?? []), outcome] } }]);
      return { gapReport: written ?? report };
    }
  }
}
