/**
 * What follows a meeting's minutes, sent by the reconciler once the meeting has begun: each released edition to
 * everyone invited (members on the day and guests), and each open action item's reminder to its owner on its
 * reminder day. Like invitations, each send is claimed with a conditional marker first (kind `minutes` per edition,
 * `action` per action, due day and owner), so retried or overlapping runs send nothing twice. An entry of the
 * follow-up's index goes only once every send it stands for is marked sent — not merely claimed by a run that may
 * still crash — so a lost run's sends are made by a later one.
 */
import type { OutgoingMail } from '../mail/mail-message.ts';
import type { BodyMember } from '../profile/demo-data-schema.ts';
import { bodyNameOf, type MeetingRecord } from './meeting.ts';
import type { TrackedAction } from './minutes.ts';
import { actionReminderMail, minutesMail } from './minutes-mails.ts';
import type { SentRecord } from './notification-plan.ts';
import type { SendKey } from './ports.ts';
import { recipientsAmong } from './recipients.ts';
import type { ReconcileDependencies } from './reconcile.ts';
import { MARK_BATCH, sendKey, sentKey } from './send-keys.ts';
import { OPEN_ACTIONS_LIMIT } from './minutes-admin.ts';
import { addCalendarDays } from '../calendar/local-date.ts';
import type { WorkingCalendar } from '../calendar/working-days.ts';
import { VersionConflict } from '../cases/ports.ts';

interface PlannedSend {
  readonly key: SendKey;
  readonly mail: () => OutgoingMail;
}

export async function sendMinutesFollowUp(deps: ReconcileDependencies, meeting: MeetingRecord, sent: readonly SentRecord[], members: readonly BodyMember[]): Promise<number> {
  // A body the profile no longer has still gets its follow-up, by its id: its entries must not stay forever.
  const bodyName = bodyNameOf(deps.profile, meeting.bodyId);
  const now = deps.clock.now();
  const today = deps.calendar.localDate(now);
  const [pendingEdition, actions] = await Promise.all([deps.minutes.pendingMinutesMail(meeting.meetingId), deps.minutes.listActions(meeting.meetingId)]);
  const dueActions = actions.filter((a) => a.doneAt === undefined && a.remindOn !== undefined && a.remindOn <= today);
  if (pendingEdition === undefined && dueActions.length === 0) return 0;

  const { timeZone } = deps.profile.district;
  const planned: PlannedSend[] = [];
  if (pendingEdition !== undefined) {
    const [edition, openActions] = await Promise.all([deps.minutes.getEdition(meeting.meetingId, pendingEdition), deps.minutes.openActionsOfBody(meeting.bodyId, meeting.start, OPEN_ACTIONS_LIMIT)]);
    // The document lists what the meeting took up from earlier ones: the body's open action items as they are now.
    const context = { bodyName, location: meeting.location, end: meeting.end, timeZone, districtName: deps.profile.district.name, openActions };
    // The edition and its entry are written in one transaction; an entry without one has nothing to mail.
    if (edition !== undefined) {
      for (const recipient of recipientsAmong(members, meeting, deps.calendar)) {
        planned.push({ key: { kind: 'minutes', sequence: pendingEdition, email: recipient.email }, mail: () => minutesMail(edition, context, recipient) });
      }
    }
  }
  for (const action of dueActions) {
    // Told from today, not from the lead: a reminder released late, or sent late, says how far off the due day really is.
    const context = { bodyName, meetingDate: meeting.start, timeZone, today, workingDaysBefore: workingDaysUntil(deps.calendar, today, action.due) };
    planned.push({ key: { kind: 'action', sequence: 0, email: action.owner.email, actionId: action.actionId, due: action.due }, mail: () => actionReminderMail(action, context, action.owner) });
  }

  // Done: marked sent. Taken: also those another run has claimed and may still send.
  const done = new Set(sent.filter((s) => s.claimed !== true).map(sentKey));
  const taken = new Set(sent.map(sentKey));
  const open = planned.filter((p) => !taken.has(sendKey(p.key)));
  const claimed = new Set((open.length === 0 ? [] : await deps.meetings.claimSends(meeting.meetingId, open.map((p) => p.key), now)).map(sendKey));
  const marks: (SendKey & { messageId: string })[] = [];
  let count = 0;
  try {
    for (const send of open) {
      if (!claimed.has(sendKey(send.key))) continue;
      marks.push({ ...send.key, messageId: await deps.mailer.send(send.mail()) });
      count += 1;
      done.add(sendKey(send.key));
      if (marks.length >= MARK_BATCH) await deps.meetings.markSent(meeting.meetingId, marks.splice(0), now);
    }
  } finally {
    if (marks.length > 0) await deps.meetings.markSent(meeting.meetingId, marks, now);
  }

  if (pendingEdition !== undefined && planned.filter((p) => p.key.kind === 'minutes').every((p) => done.has(sendKey(p.key)))) {
    await deps.minutes.minutesMailDone(meeting.meetingId, pendingEdition);
  }
  await Promise.all(dueActions.filter((a) => done.has(sendKey({ kind: 'action', sequence: 0, email: a.owner.email, actionId: a.actionId, due: a.due }))).map((a) => reminded(deps, a)));
  return count;
}

/** Working days after `today` up to and including `due` (0: due today or past). */
function workingDaysUntil(calendar: Pick<WorkingCalendar, 'isWorkingDay'>, today: string, due: string): number {
  let days = 0;
  for (let day = addCalendarDays(today, 1); day <= due; day = addCalendarDays(day, 1)) if (calendar.isWorkingDay(day)) days += 1;
  return days;
}

async function reminded(deps: ReconcileDependencies, action: TrackedAction): Promise<void> {
  try {
    await deps.minutes.actionReminded(action);
  } catch (error) {
    // Marked done or corrected meanwhile: that write decided its reminder already.
    if (!(error instanceof VersionConflict)) throw error;
  }
}
