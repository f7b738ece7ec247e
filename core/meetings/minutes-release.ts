/**
 * Releasing the minutes: the draft becomes an edition (1, then one per correction, each with its note), written in
 * one transaction with what follows from it — the action items the follow-up tracks, the entry that has the edition
 * mailed, and a decision on a routed gap report as that report's outcome, which the case managers who raised it see
 * in their list. The report keeps its status: whether the gap is dealt with is still the coordination's call.
 */
import type { GapOutcome, GapReport } from '../cases/gap-report.ts';
import type { GapReportUpdate } from '../casework/gap-report-repository.ts';
import { VersionConflict } from '../cases/ports.ts';
import { zonedInstant } from '../calendar/zoned-time.ts';
import { conflict, validationFailed } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import { parseInput } from '../validation/parse-input.ts';
import { meetingFor, requireCoordinator } from './meeting-admin.ts';
import { actionItemsOf, type ActionItem, type MinutesContent, type MinutesDraft, type MinutesEdition, type MinutesView, type TrackedAction } from './minutes.ts';
import { minutesContext, minutesExpiry, minutesView, releaseBlocked, STALE_MINUTES, type MinutesContext, type MinutesDependencies } from './minutes-admin.ts';
import { releaseInput } from './minutes-input.ts';

/** Objects with their keys sorted: an edition read back from the table need not keep the order it was written in. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, entry: unknown) =>
    entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? Object.fromEntries(Object.entries(entry).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : entry,
  );
/** DynamoDB's limit of items in one TransactWriteItems. */
const TRANSACTION_ITEMS = 100;

const sameContent = (a: MinutesContent, b: MinutesContent): boolean => canonical([a.attendance, a.items]) === canonical([b.attendance, b.items]);

/**
 * The day the owner is reminded: the body's reminder lead in working days before the due day (at least one, so the
 * reminder comes before the day), but not before today.
 */
function remindOn(deps: MinutesDependencies, action: ActionItem, leadWorkingDays: number, today: string): string {
  const { timeZone } = deps.profile.district;
  const day = deps.calendar.localDate(deps.calendar.addWorkingDays(zonedInstant(action.due, '12:00', timeZone), -Math.max(1, leadWorkingDays)));
  return day < today ? today : day;
}

/**
 * The action items as the follow-up tracks them after this edition — only those new or changed (a transaction holds
 * at most 100 items): done stays done, a reminder sent is not repeated for the same due day and owner.
 */
function trackedActions(deps: MinutesDependencies, context: MinutesContext, existing: readonly TrackedAction[], today: string): { expectedVersion: number; action: TrackedAction }[] {
  const body = deps.profile.bodies.find((b) => b.id === context.meeting.bodyId);
  const lead = body?.reminderLeadWorkingDays ?? 1;
  const prior = new Map(existing.map((a) => [a.actionId, a]));
  return actionItemsOf(context.draft).flatMap((item) => {
    const before = prior.get(item.actionId);
    const alreadyReminded = before !== undefined && before.remindOn === undefined && before.due === item.due && before.owner.email === item.owner.email;
    const open = before?.doneAt === undefined;
    const action: TrackedAction = {
      ...item,
      meetingId: context.meeting.meetingId,
      bodyId: context.meeting.bodyId,
      meetingStart: context.draft.meetingStart,
      version: (before?.version ?? 0) + 1,
      ...(open && !alreadyReminded ? { remindOn: remindOn(deps, item, lead, today) } : {}),
      ...(before?.doneAt === undefined ? {} : { doneAt: before.doneAt, doneBy: before.doneBy ?? '' }),
    };
    const unchanged = before !== undefined && canonical({ ...before, version: 0 }) === canonical({ ...action, version: 0 });
    return unchanged ? [] : [{ expectedVersion: before?.version ?? 0, action }];
  });
}

/**
 * A decision on a routed gap report's agenda item becomes (or, corrected, replaces) an outcome of that report; one a
 * correction struck leaves it again. (Items routed before December 2026 carry no gapReportId: decisions on them stay
 * the coordination's to record as an outcome.)
 */
async function gapOutcomes(deps: MinutesDependencies, context: MinutesContext, today: string): Promise<GapReportUpdate[]> {
  const updates: GapReportUpdate[] = [];
  for (const item of context.draft.items) {
    const gapReportId = context.meeting.agenda.find((entry) => entry.itemId === item.itemId)?.gapReportId;
    const released = new Set(context.editions.flatMap((e) => e.items.filter((i) => i.itemId === item.itemId).flatMap((i) => i.decisions.map((d) => d.decisionId))));
    if (gapReportId === undefined || (item.decisions.length === 0 && released.size === 0)) continue;
    const report: GapReport | undefined = await deps.gapReports.getGapReport(gapReportId);
    if (report === undefined || report.status === 'merged') continue;
    const current = new Set(item.decisions.map((d) => d.decisionId));
    let outcomes: readonly GapOutcome[] = (report.outcomes ?? []).filter((o) => o.decisionId === undefined || !released.has(o.decisionId) || current.has(o.decisionId));
    for (const decision of item.decisions) {
      const outcome: GapOutcome = { outcome: 'decision', text: decision.text, recordedAt: today, bodyId: context.meeting.bodyId, decisionId: decision.decisionId };
      const earlier = outcomes.find((o) => o.decisionId === decision.decisionId);
      if (earlier?.text === decision.text) continue;
      outcomes = earlier === undefined ? [...outcomes, outcome] : outcomes.map((o) => (o.decisionId === decision.decisionId ? outcome : o));
    }
    if (canonical(outcomes) !== canonical(report.outcomes ?? [])) updates.push({ expected: report, changes: { outcomes } });
  }
  return updates;
}

export async function releaseMinutes(deps: MinutesDependencies, caller: Caller, meetingId: string, raw: unknown): Promise<MinutesView> {
  requireCoordinator(caller);
  const input = parseInput(releaseInput, raw);
  const meeting = await meetingFor(deps, meetingId);
  const now = deps.clock.now();
  const context = await minutesContext(deps, meeting);
  const { draft } = context;
  const blocked = releaseBlocked(meeting, draft, now);
  if (blocked !== undefined) throw conflict(blocked);
  if (input.version !== draft.version) throw conflict(STALE_MINUTES);
  const number = draft.releasedEdition + 1;
  if (number > 1 && input.correctionNote === undefined) throw validationFailed([{ field: 'correctionNote', message: 'ist für eine Berichtigung erforderlich: Was wurde geändert?' }]);
  if (number === 1 && input.correctionNote !== undefined) throw validationFailed([{ field: 'correctionNote', message: 'gibt es erst bei einer Berichtigung eines freigegebenen Protokolls' }]);
  const latest = context.editions.at(-1);
  if (latest !== undefined && sameContent(latest, draft)) throw conflict(`Der Entwurf ist gegenüber der freigegebenen Fassung ${String(latest.edition)} unverändert.`);

  const today = deps.calendar.localDate(now);
  const edition: MinutesEdition = {
    meetingId: meeting.meetingId,
    bodyId: meeting.bodyId,
    meetingStart: draft.meetingStart,
    edition: number,
    releasedAt: now.toISOString(),
    releasedBy: caller.userId,
    attendance: draft.attendance,
    items: draft.items,
    ...(input.correctionNote === undefined ? {} : { correctionNote: input.correctionNote }),
  };
  const released: MinutesDraft = { ...draft, version: draft.version + 1, releasedEdition: number, updatedAt: now.toISOString(), updatedBy: caller.userId };
  const existing = await deps.minutes.listActions(meeting.meetingId);
  const kept = new Set(actionItemsOf(draft).map((a) => a.actionId));
  const actions = trackedActions(deps, context, existing, today);
  const removedActions = existing.filter((a) => !kept.has(a.actionId));
  const gapReports = await gapOutcomes(deps, context, today);
  // One transaction of at most 100 items: draft, edition and mail entry, each action written or struck, each gap
  // report (an outcome moves none of its counters: they count by reason and status, which stay).
  const items = 3 + actions.length + removedActions.length + gapReports.length;
  if (items > TRANSACTION_ITEMS) {
    throw conflict(
      number === 1
        ? `Das Protokoll hat zu viele Aufgaben und Beschlüsse zu Bedarfsmeldungen für eine Freigabe (${String(items - 3)} von höchstens ${String(TRANSACTION_ITEMS - 3)}). Bitte fassen Sie Aufgaben zusammen.`
        : `Diese Berichtigung ändert zu viele Aufgaben auf einmal (${String(actions.length + removedActions.length)}). Bitte geben Sie sie in zwei Schritten frei: zuerst einen Teil der Änderungen, dann den Rest.`,
    );
  }
  try {
    await deps.minutes.release({
      expectedDraftVersion: draft.version,
      draft: released,
      edition,
      actions,
      removedActions,
      gapReports,
      mailDue: today,
      expiresAt: minutesExpiry(deps, meeting),
    });
  } catch (error) {
    if (error instanceof VersionConflict) throw conflict(STALE_MINUTES);
    throw error;
  }
  return minutesView({ ...context, draft: released, editions: [...context.editions, edition] }, now, caller);
}
