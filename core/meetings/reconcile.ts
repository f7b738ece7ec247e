/**
 * The meeting reconciler. `planMeetingNotifications` (plan-meetings.ts) materialises every body's meetings up to
 * the plan horizon (plan-horizon.ts) and names the meetings to look at; `reconcileMeeting` sends for one meeting exactly the difference
 * between what should have been sent by now and what the markers say was sent. Each send is claimed with a
 * conditional marker first, so a retried run or two overlapping runs never send the same (meeting, kind, sequence,
 * recipient) twice — and a reminder never twice for the same (meeting, start, recipient).
 */
import type { Clock } from '../clock.ts';
import type { WorkingCalendar } from '../calendar/working-days.ts';
import type { Mailer } from '../mail/mail-message.ts';
import type { DistrictProfile } from '../profile/schema.ts';
import type { MeetingRecord } from './meeting.ts';
import { meetingMail, type MeetingMailRequest } from './meeting-message.ts';
import type { MeetingChange } from './meeting-mails.ts';
import { planNotifications, type PlannedNotification } from './notification-plan.ts';
import { recipientsAmong } from './recipients.ts';
import type { MeetingRepository, SendKey } from './ports.ts';
import { MARK_BATCH, sendKey } from './send-keys.ts';
import { sendMinutesFollowUp } from './minutes-follow-up.ts';
import type { MinutesRepository } from './minutes-ports.ts';
import { OPEN_ACTIONS_LIMIT } from './minutes-admin.ts';
import type { BodyMember } from '../profile/demo-data-schema.ts';
import { DAY_MS } from '../clock.ts';

export interface ReconcileDependencies {
  readonly profile: DistrictProfile;
  readonly clock: Clock;
  readonly calendar: WorkingCalendar;
  readonly meetings: MeetingRepository;
  readonly mailer: Mailer;
  readonly appUrl: string;
  /** The key that signs the RSVP links; read only when a run has mail to send. */
  readonly linkSecret: () => Promise<string>;
  /** The minutes' follow-up of meetings that have begun (minutes-follow-up.ts). */
  readonly minutes: MinutesRepository;
}

function request(planned: PlannedNotification, meeting: MeetingRecord, lastSequence: number, workingDaysBefore: number): MeetingMailRequest {
  switch (planned.kind) {
    case 'invitation':
      return { kind: 'invitation' };
    case 'update': {
      const changes = new Set<MeetingChange>(meeting.changeLog.filter((c) => c.sequence > lastSequence).flatMap((c) => c.changes));
      return { kind: 'update', changes: [...changes] };
    }
    case 'cancellation':
      return meeting.status === 'cancelled' ? { kind: 'cancellation' } : { kind: 'cancellation', reason: 'membershipEnded' };
    case 'reminder':
      return { kind: 'reminder', workingDaysBefore };
  }
}

/**
 * What one run shares between its meetings: each body's members, read once per run (`reconcileAll`); a task function
 * reconciling a single meeting reads its body's once.
 */
export class ReconcileRun {
  private readonly members = new Map<string, Promise<BodyMember[]>>();

  constructor(private readonly repository: Pick<MeetingRepository, 'listMembers'>) {}

  membersOf(bodyId: string): Promise<BodyMember[]> {
    let members = this.members.get(bodyId);
    if (members === undefined) {
      members = this.repository.listMembers(bodyId);
      this.members.set(bodyId, members);
    }
    return members;
  }
}


const sendOf = (planned: PlannedNotification, meeting: MeetingRecord): SendKey => ({ kind: planned.kind, sequence: planned.sequence, email: planned.recipient.email, start: meeting.start });


export async function reconcileMeeting(deps: ReconcileDependencies, meetingId: string, run = new ReconcileRun(deps.meetings)): Promise<{ sent: number }> {
  const now = deps.clock.now();
  const { meeting, sent } = await deps.meetings.getMeetingWithSent(meetingId, now);
  if (meeting === undefined) return { sent: 0 };
  const start = new Date(meeting.start);
  // Once it has begun, a meeting is not notified any more; what follows its minutes is sent instead (also for a
  // body the profile no longer has: its minutes' follow-up entries must not stay forever).
  if (now >= start) return { sent: await sendMinutesFollowUp(deps, meeting, sent, await run.membersOf(meeting.bodyId)) };
  const body = deps.profile.bodies.find((b) => b.id === meeting.bodyId);
  if (body === undefined) return { sent: 0 };
  const recipients = recipientsAmong(await run.membersOf(meeting.bodyId), meeting, deps.calendar);
  const plan = planNotifications(meeting, recipients, sent, {
    now,
    invitationFrom: new Date(start.getTime() - body.invitationLeadDays * DAY_MS),
    reminderFrom: deps.calendar.addWorkingDays(start, -body.reminderLeadWorkingDays),
  });
  if (plan.length === 0) return { sent: 0 };

  // Every send of this meeting claimed at once (a transaction per 100), then sent; what another run holds is left out.
  const unique = [...new Map(plan.map((planned) => [sendKey(sendOf(planned, meeting)), planned])).values()];
  const claimed = new Set((await deps.meetings.claimSends(meeting.meetingId, unique.map((p) => sendOf(p, meeting)), now)).map(sendKey));
  const { coordination } = deps.profile.district;
  const rsvpSecret = claimed.size === 0 ? '' : await deps.linkSecret();
  const context = {
    organizer: { name: coordination.name, email: coordination.contact.email },
    attendees: recipients,
    appUrl: deps.appUrl,
    rsvpSecret,
    timeZone: deps.profile.district.timeZone,
    districtId: deps.profile.district.id,
    now,
    // The invitation's calendar part (all attendees) is built once for the meeting, not once per recipient.
    calendarParts: new Map<string, string>(),
    // Read only when this run sends something for the meeting.
    openActions: claimed.size === 0 ? [] : await deps.minutes.openActionsOfBody(meeting.bodyId, meeting.start, OPEN_ACTIONS_LIMIT),
  };
  const marks: (SendKey & { messageId: string })[] = [];
  let count = 0;
  try {
    for (const planned of unique) {
      const key = sendOf(planned, meeting);
      if (!claimed.has(sendKey(key))) continue;
      const lastSequence = Math.max(
        -1,
        ...sent.filter((s) => s.email.toLowerCase() === planned.recipient.email.toLowerCase() && (s.kind === 'invitation' || s.kind === 'update')).map((s) => s.sequence),
      );
      const mail = meetingMail(request(planned, meeting, lastSequence, body.reminderLeadWorkingDays), meeting, body, planned.recipient, context);
      marks.push({ ...key, messageId: await deps.mailer.send(mail) });
      count += 1;
      if (marks.length >= MARK_BATCH) await deps.meetings.markSent(meeting.meetingId, marks.splice(0), now);
    }
  } finally {
    // Also when a send failed: what went out is marked. The failed and the unsent claims lapse with their lease.
    if (marks.length > 0) await deps.meetings.markSent(meeting.meetingId, marks.splice(0), now);
  }
  return { sent: count };
}
