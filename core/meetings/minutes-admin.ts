/**
 * The coordination's minutes work: read the minutes of a meeting (all staff), save the draft, mark an action item
 * done (coordinators). Releasing an edition is minutes-release.ts; mailing it and reminding owners is
 * minutes-follow-up.ts. The minutes hold no client data: the page says so, and agenda items are anonymous already.
 */
import { randomUUID } from 'node:crypto';
import type { GapReportRepository } from '../casework/gap-report-repository.ts';
import { VersionConflict } from '../cases/ports.ts';
import { conflict, notFound, validationFailed } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import { expiresAfterDays } from '../privacy/retention.ts';
import { parseInput } from '../validation/parse-input.ts';
import { formatPath, type FieldError } from '../validation/format-issues.ts';
import { meetingDetail, meetingFor, requireCoordinator, requireStaff, type MeetingDependencies, type MeetingDetail } from './meeting-admin.ts';
import { bodyNameOf, type MeetingRecord } from './meeting.ts';
import { OPEN_ACTIONS_ITEM, OPEN_ACTIONS_TITLE, type ActionItem, type ActionOwner, type MinutesDraft, type MinutesEdition, type MinutesItem, type MinutesView, type TrackedAction } from './minutes.ts';
import { MAX_ACTION_ITEMS, minutesInput, type MinutesInput } from './minutes-input.ts';
import { utf8Bytes } from '../intake/text-rules.ts';
import type { MinutesRepository } from './minutes-ports.ts';
import { recipientsOf, type MeetingRecipient } from './recipients.ts';

export interface MinutesDependencies extends MeetingDependencies {
  readonly minutes: MinutesRepository;
  readonly gapReports: Pick<GapReportRepository, 'getGapReport'>;
}

/** Open action items a meeting lists: the body's newest this many, shown oldest first; more open at once is not a meeting's work. */
export const OPEN_ACTIONS_LIMIT = 100;
export const STALE_MINUTES = 'Das Protokoll wurde zwischenzeitlich geändert. Bitte laden Sie die Seite neu.';
const CANCELLED = 'Die Sitzung ist abgesagt; für sie gibt es kein Protokoll.';
const ownerOf = (r: MeetingRecipient): ActionOwner => ({ kind: r.kind, name: r.name, email: r.email });

/** Everything the minutes of one meeting are read with. */
export interface MinutesContext {
  readonly meeting: MeetingRecord;
  readonly bodyName: string;
  readonly draft: MinutesDraft;
  readonly editions: readonly MinutesEdition[];
  readonly recipients: readonly MeetingRecipient[];
  readonly openActions: readonly TrackedAction[];
}

const emptyItem = (itemId: string, title: string): MinutesItem => ({ itemId, title, discussion: '', decisions: [], actionItems: [] });
/** An agenda item's first line names it in the minutes (a routed gap report's item carries its text below). */
const firstLine = (text: string): string => text.split('\n')[0] ?? text;

/** The draft's items in agenda order: saved content kept, agenda items added since appear empty. */
function currentItems(meeting: MeetingRecord, saved: readonly MinutesItem[], withOpenActions: boolean): MinutesItem[] {
  const byId = new Map(saved.map((item) => [item.itemId, item]));
  const openItem = byId.get(OPEN_ACTIONS_ITEM) ?? (withOpenActions ? emptyItem(OPEN_ACTIONS_ITEM, OPEN_ACTIONS_TITLE) : undefined);
  return [...(openItem === undefined ? [] : [openItem]), ...meeting.agenda.map((entry) => byId.get(entry.itemId) ?? emptyItem(entry.itemId, firstLine(entry.title)))];
}

export async function minutesContext(deps: MinutesDependencies, meeting: MeetingRecord): Promise<MinutesContext> {
  const [stored, recipients, openActions, rsvps] = await Promise.all([
    deps.minutes.getMinutes(meeting.meetingId),
    recipientsOf(deps, meeting),
    deps.minutes.openActionsOfBody(meeting.bodyId, meeting.start, OPEN_ACTIONS_LIMIT),
    deps.meetings.listRsvps(meeting.meetingId),
  ]);
  const accepted = new Set(rsvps.filter((rsvp) => rsvp.answer === 'accepted').map((rsvp) => rsvp.email.toLowerCase()));
  const saved = stored.draft;
  const present = new Map((saved?.attendance ?? []).map((entry) => [entry.email.toLowerCase(), entry.present]));
  const draft: MinutesDraft = {
    meetingId: meeting.meetingId,
    bodyId: meeting.bodyId,
    meetingStart: saved?.meetingStart ?? meeting.start,
    version: saved?.version ?? 0,
    releasedEdition: saved?.releasedEdition ?? 0,
    updatedAt: saved?.updatedAt ?? meeting.start,
    updatedBy: saved?.updatedBy ?? '',
    // Attendance starts from the answers (an acceptance counts as present) until the coordination corrects it.
    attendance: recipients.map((r) => ({ name: r.name, email: r.email, kind: r.kind, present: present.get(r.email.toLowerCase()) ?? accepted.has(r.email.toLowerCase()) })),
    items: currentItems(meeting, saved?.items ?? [], openActions.length > 0),
  };
  return {
    meeting,
    bodyName: bodyNameOf(deps.profile, meeting.bodyId),
    draft,
    editions: [...stored.editions].sort((a, b) => a.edition - b.edition),
    recipients,
    openActions,
  };
}

/** Why the draft cannot be released now (German), or undefined. */
export function releaseBlocked(meeting: MeetingRecord, draft: MinutesDraft, now: Date): string | undefined {
  if (meeting.status === 'cancelled') return CANCELLED;
  if (new Date(meeting.start) > now) return 'Das Protokoll kann freigegeben werden, sobald die Sitzung begonnen hat.';
  if (draft.version === 0) return 'Bitte speichern Sie den Entwurf zuerst.';
  return undefined;
}

/** Who sees the unreleased draft: those who keep the minutes. Everybody else reads the released editions. */
const keepsMinutes = (caller: Caller): boolean => caller.roles.includes('coordinator') || caller.roles.includes('admin');

/** A draft as stored: the serialised item stays well below DynamoDB's 400 KB per item (an edition is as large). */
const MAX_DRAFT_BYTES = 300_000;

export function minutesView(context: MinutesContext, now: Date, caller: Caller): MinutesView {
  const { meeting, draft, editions } = context;
  const latest = editions.at(-1);
  const blocked = releaseBlocked(meeting, draft, now);
  return {
    meeting: { meetingId: meeting.meetingId, bodyId: meeting.bodyId, bodyName: context.bodyName, start: meeting.start, end: meeting.end, location: meeting.location, status: meeting.status },
    ...(keepsMinutes(caller) ? { draft, owners: context.recipients.map(ownerOf) } : {}),
    editions: editions.map((e) => ({ edition: e.edition, releasedAt: e.releasedAt, releasedBy: e.releasedBy, ...(e.correctionNote === undefined ? {} : { correctionNote: e.correctionNote }) })),
    ...(latest === undefined ? {} : { latest }),
    openActions: context.openActions,
    ...(blocked === undefined ? {} : { releaseBlockedBecause: blocked }),
  };
}

export async function getMinutes(deps: MinutesDependencies, caller: Caller, meetingId: string): Promise<MinutesView> {
  requireStaff(caller);
  const meeting = await meetingFor(deps, meetingId);
  return minutesView(await minutesContext(deps, meeting), deps.clock.now(), caller);
}

/** The minutes' items as the input has them, checked against the meeting (field errors named by their path). */
function itemsFromInput(input: MinutesInput, context: MinutesContext, meetingDay: string, issues: FieldError[]): MinutesItem[] {
  const owners = new Map(context.recipients.map((r): [string, ActionOwner] => [r.email.toLowerCase(), ownerOf(r)]));
  const known = new Map(context.draft.items.map((item) => [item.itemId, item]));
  const knownActions = new Set(context.draft.items.flatMap((item) => item.actionItems.map((a) => a.actionId)));
  const given = new Map<string, MinutesItem>();
  // An id given twice would be two writes of one item in the release's transaction — also one given again under
  // another item than the one that keeps it (items left out of the input keep their content).
  const givenItems = new Set(input.items.map((entry) => entry.itemId));
  const seen = new Set(context.draft.items.filter((item) => !givenItems.has(item.itemId)).flatMap((item) => [...item.actionItems.map((a) => a.actionId), ...item.decisions.map((d) => d.decisionId)]));
  const once = (id: string | undefined, field: string): void => {
    if (id === undefined) return;
    if (seen.has(id)) issues.push({ field, message: 'kommt mehrfach vor' });
    seen.add(id);
  };
  input.items.forEach((entry, i) => {
    const current = known.get(entry.itemId);
    if (current === undefined) {
      issues.push({ field: formatPath(['items', i, 'itemId']), message: 'ist kein Tagesordnungspunkt dieser Sitzung' });
      return;
    }
    const decisionIds = new Set(current.decisions.map((d) => d.decisionId));
    if (given.has(entry.itemId)) issues.push({ field: formatPath(['items', i, 'itemId']), message: 'kommt mehrfach vor' });
    const decisions = entry.decisions.map((d, j) => {
      once(d.decisionId, formatPath(['items', i, 'decisions', j, 'decisionId']));
      if (d.decisionId !== undefined && !decisionIds.has(d.decisionId)) issues.push({ field: formatPath(['items', i, 'decisions', j, 'decisionId']), message: 'ist kein Beschluss dieses Tagesordnungspunkts' });
      return { decisionId: d.decisionId ?? randomUUID(), text: d.text };
    });
    const actionItems = entry.actionItems.flatMap((a, j): ActionItem[] => {
      const at = (field: string): string => formatPath(['items', i, 'actionItems', j, field]);
      once(a.actionId, at('actionId'));
      if (a.actionId !== undefined && !knownActions.has(a.actionId)) issues.push({ field: at('actionId'), message: 'ist keine Aufgabe dieses Protokolls' });
      if (a.due < meetingDay) issues.push({ field: at('due'), message: 'darf nicht vor dem Sitzungstag liegen' });
      const owner = owners.get(a.ownerEmail.toLowerCase());
      if (owner === undefined) {
        issues.push({ field: at('ownerEmail'), message: 'ist weder Mitglied noch Gast dieser Sitzung' });
        return [];
      }
      return [{ actionId: a.actionId ?? randomUUID(), what: a.what, owner, due: a.due }];
    });
    given.set(entry.itemId, { ...current, discussion: entry.discussion ?? '', decisions, actionItems });
  });
  return context.draft.items.map((item) => given.get(item.itemId) ?? item);
}

export async function saveMinutes(deps: MinutesDependencies, caller: Caller, meetingId: string, raw: unknown): Promise<MinutesView> {
  requireCoordinator(caller);
  const input = parseInput(minutesInput, raw);
  const meeting = await meetingFor(deps, meetingId);
  if (meeting.status === 'cancelled') throw conflict(CANCELLED);
  const context = await minutesContext(deps, meeting);
  const { draft } = context;
  if (input.version !== draft.version) throw conflict(STALE_MINUTES);
  const issues: FieldError[] = [];
  const invited = new Set(context.recipients.map((r) => r.email.toLowerCase()));
  input.attendance.forEach((entry, i) => {
    if (!invited.has(entry.email.toLowerCase())) issues.push({ field: formatPath(['attendance', i, 'email']), message: 'ist weder Mitglied noch Gast dieser Sitzung' });
  });
  const items = itemsFromInput(input, context, deps.calendar.localDate(new Date(meeting.start)), issues);
  // Counted on the whole draft: items left out of the input keep their action items.
  const actions = items.reduce((sum, item) => sum + item.actionItems.length, 0);
  if (actions > MAX_ACTION_ITEMS) issues.push({ field: 'items', message: `höchstens ${String(MAX_ACTION_ITEMS)} Aufgaben je Protokoll (es wären ${String(actions)})` });
  if (issues.length > 0) throw validationFailed(issues);
  const present = new Map(input.attendance.map((entry) => [entry.email.toLowerCase(), entry.present]));
  const now = deps.clock.now();
  const next: MinutesDraft = {
    ...draft,
    version: draft.version + 1,
    attendance: draft.attendance.map((entry) => ({ ...entry, present: present.get(entry.email.toLowerCase()) ?? entry.present })),
    items,
    updatedAt: now.toISOString(),
    updatedBy: caller.userId,
  };
  if (utf8Bytes(JSON.stringify(next)) > MAX_DRAFT_BYTES) throw validationFailed([{ field: 'items', message: 'das Protokoll ist zu lang; bitte fassen Sie den Verlauf kürzer' }]);
  try {
    await deps.minutes.saveDraft(draft.version, next, minutesExpiry(deps, meeting));
  } catch (error) {
    if (error instanceof VersionConflict) throw conflict(STALE_MINUTES);
    throw error;
  }
  return minutesView({ ...context, draft: next }, now, caller);
}

/** Every item of a meeting's minutes is deleted this long after the meeting (TTL; the profile's retention). */
export const minutesExpiry = (deps: Pick<MinutesDependencies, 'profile'>, meeting: Pick<MeetingRecord, 'start'>): number => expiresAfterDays(new Date(meeting.start), deps.profile.retention.meetingMinutesDays);

export async function markActionDone(deps: MinutesDependencies, caller: Caller, meetingId: string, actionId: string): Promise<TrackedAction> {
  requireCoordinator(caller);
  const meeting = await meetingFor(deps, meetingId);
  const action = (await deps.minutes.listActions(meeting.meetingId)).find((a) => a.actionId === actionId);
  if (action === undefined) throw notFound('Die Aufgabe');
  if (action.doneAt !== undefined) throw conflict('Die Aufgabe ist bereits als erledigt vermerkt.');
  try {
    return await deps.minutes.markActionDone(action, deps.clock.now().toISOString(), caller.userId);
  } catch (error) {
    if (error instanceof VersionConflict) throw conflict('Die Aufgabe wurde zwischenzeitlich geändert. Bitte laden Sie die Seite neu.');
    throw error;
  }
}

/** The meeting page: the meeting with its answers, the open action items of the body's earlier meetings, the minutes' state. */
export async function meetingPage(deps: MinutesDependencies, caller: Caller, meetingId: string): Promise<MeetingDetail & { readonly openActions: readonly TrackedAction[]; readonly minutes: { readonly releasedEdition: number } }> {
  const detail = await meetingDetail(deps, caller, meetingId);
  const [openActions, releasedEdition] = await Promise.all([deps.minutes.openActionsOfBody(detail.meeting.bodyId, detail.meeting.start, OPEN_ACTIONS_LIMIT), deps.minutes.releasedEdition(detail.meeting.meetingId)]);
  return { ...detail, openActions, minutes: { releasedEdition } };
}
