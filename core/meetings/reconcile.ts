/**
 * The meeting reconciler. `planMeetingNotifications` materialises the next 12 months of every body's meetings and
 * names the meetings to look at; `reconcileMeeting` sends for one meeting exactly the difference between what
 * should have been sent by now and what the markers say was sent. Each send is claimed with a conditional marker
 * first, so a retried run or two overlapping runs never send the same (meeting, kind, sequence, recipient) twice.
 */
import type { Clock } from '../clock.ts';
import type { WorkingCalendar } from '../calendar/working-days.ts';
import type { Mailer } from '../mail/mail-message.ts';
import type { DistrictProfile } from '../profile/schema.ts';
import { meetingIdOf, type MeetingRecord } from './meeting.ts';
import { meetingMail, type MeetingMailRequest } from './meeting-message.ts';
import type { MeetingChange } from './meeting-mails.ts';
import { activeMembers } from './meeting-admin.ts';
import { planNotifications, type PlannedNotification, type Recipient } from './notification-plan.ts';
import type { MeetingRepository } from './ports.ts';
import { materialiseAll } from './schedule.ts';

export interface ReconcileDependencies {
  readonly profile: DistrictProfile;
  readonly clock: Clock;
  readonly calendar: WorkingCalendar;
  readonly meetings: MeetingRepository;
  readonly mailer: Mailer;
  readonly appUrl: string;
  readonly rsvpSecret: string;
}

const HORIZON_DAYS = 366;
const DAY_MS = 86_400_000;

export async function planMeetingNotifications(deps: ReconcileDependencies): Promise<{ meetingIds: string[]; created: number; problems: number }> {
  const now = deps.clock.now();
  const horizon = new Date(now.getTime() + HORIZON_DAYS * DAY_MS);
  const { occurrences, problems } = materialiseAll(deps.profile, now, horizon);
  let created = 0;
  for (const occurrence of occurrences) {
    const body = deps.profile.bodies.find((b) => b.id === occurrence.bodyId);
    if (body === undefined) continue;
    const at = now.toISOString();
    const record: MeetingRecord = {
      meetingId: meetingIdOf(occurrence.bodyId, occurrence.ruleDate),
      bodyId: occurrence.bodyId,
      version: 1,
      sequence: 0,
      ruleDate: occurrence.ruleDate,
      start: occurrence.start.toISOString(),
      end: occurrence.end.toISOString(),
      location: body.location,
      status: 'scheduled',
      ...(occurrence.movedBecause === undefined ? {} : { movedBecause: occurrence.movedBecause }),
      agenda: [],
      guests: [],
      changeLog: [],
      createdAt: at,
      updatedAt: at,
    };
    if ((await deps.meetings.ensureMeeting(record)) === 'created') created += 1;
  }
  for (const problem of problems) await deps.meetings.recordProblem(problem, now);
  const meetings = await deps.meetings.listMeetings(now, horizon);
  return { meetingIds: meetings.map((m) => m.meetingId), created, problems: problems.length };
}

/** Who is invited to a meeting: the body's members on the meeting's day, and its guests (each address once). */
export async function recipientsOf(deps: Pick<ReconcileDependencies, 'calendar' | 'meetings'>, meeting: MeetingRecord): Promise<(Recipient & { kind: 'member' | 'guest' })[]> {
  const day = deps.calendar.localDate(new Date(meeting.start));
  const members = activeMembers(await deps.meetings.listMembers(meeting.bodyId), day).map((m) => ({ name: m.name, email: m.email, kind: 'member' as const }));
  const guests = meeting.guests.map((g) => ({ name: g.name, email: g.email, kind: 'guest' as const }));
  const seen = new Set<string>();
  return [...members, ...guests].filter((r) => {
    const key = r.email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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

export async function reconcileMeeting(deps: ReconcileDependencies, meetingId: string): Promise<{ sent: number }> {
  const meeting = await deps.meetings.getMeeting(meetingId);
  const body = deps.profile.bodies.find((b) => b.id === meeting?.bodyId);
  if (meeting === undefined || body === undefined) return { sent: 0 };
  const now = deps.clock.now();
  const start = new Date(meeting.start);
  const recipients = await recipientsOf(deps, meeting);
  const sent = await deps.meetings.listSent(meeting.meetingId, now);
  const plan = planNotifications(meeting, recipients, sent, {
    now,
    invitationFrom: new Date(start.getTime() - body.invitationLeadDays * DAY_MS),
    reminderFrom: deps.calendar.addWorkingDays(start, -body.reminderLeadWorkingDays),
  });
  const { coordination } = deps.profile.district;
  let count = 0;
  for (const planned of plan) {
    if (!(await deps.meetings.claimSend(meeting.meetingId, planned.kind, planned.sequence, planned.recipient.email, now))) continue;
    const lastSequence = Math.max(
      -1,
      ...sent.filter((s) => s.email.toLowerCase() === planned.recipient.email.toLowerCase() && (s.kind === 'invitation' || s.kind === 'update')).map((s) => s.sequence),
    );
    const mail = meetingMail(request(planned, meeting, lastSequence, body.reminderLeadWorkingDays), meeting, body, planned.recipient, {
      organizer: { name: coordination.name, email: coordination.contact.email },
      attendees: recipients,
      appUrl: deps.appUrl,
      rsvpSecret: deps.rsvpSecret,
      timeZone: deps.profile.district.timeZone,
      districtId: deps.profile.district.id,
      now,
    });
    const messageId = await deps.mailer.send(mail);
    await deps.meetings.markSent(meeting.meetingId, planned.kind, planned.sequence, planned.recipient.email, messageId, now);
    count += 1;
  }
  return { sent: count };
}

/** One full run in-process (`npm run reconcile`, the local 15-minute schedule): plan, then every meeting. */
export async function reconcileAll(deps: ReconcileDependencies): Promise<{ meetings: number; sent: number; problems: number }> {
  const { meetingIds, problems } = await planMeetingNotifications(deps);
  let sent = 0;
  for (const meetingId of meetingIds) sent += (await reconcileMeeting(deps, meetingId)).sent;
  return { meetings: meetingIds.length, sent, problems };
}
