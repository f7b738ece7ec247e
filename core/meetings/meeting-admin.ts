/**
 * The coordination's meeting work: list and read meetings, reschedule, cancel, agenda, guests, memberships.
 * Every change the recipients must learn about raises the meeting's SEQUENCE; the reconciler then sends the
 * updates and cancellations. Reading is open to all staff (case managers sit in the Jour fixe); changing is for
 * coordinators only.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import '../validation/zod-german.ts';
import type { Clock } from '../clock.ts';
import type { WorkingCalendar } from '../calendar/working-days.ts';
import { zonedInstant } from '../calendar/zoned-time.ts';
import { VersionConflict } from '../cases/ports.ts';
import { conflict, forbidden, notFound, validationFailed } from '../http/api-error.ts';
import type { Caller } from '../identity/caller.ts';
import { personName, safeText } from '../intake/text-rules.ts';
import { minutesOfDay, WEEKDAYS, type DistrictProfile } from '../profile/schema.ts';
import type { BodyMember } from '../profile/demo-data-schema.ts';
import { formatIssues } from '../validation/format-issues.ts';
import type { MeetingRecord } from './meeting.ts';
import type { MeetingChanges, MeetingRepository, RsvpRecord } from './ports.ts';

export interface MeetingDependencies {
  readonly profile: DistrictProfile;
  readonly clock: Clock;
  readonly calendar: WorkingCalendar;
  readonly meetings: MeetingRepository;
}

function parse<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationFailed(formatIssues(parsed.error.issues));
  return parsed.data;
}

export function requireStaff(caller: Caller): void {
  if (caller.roles.length === 0) throw forbidden();
}

export function requireCoordinator(caller: Caller): void {
  if (!caller.roles.includes('coordinator')) throw forbidden();
}

export async function meetingFor(deps: Pick<MeetingDependencies, 'meetings'>, meetingId: string): Promise<MeetingRecord> {
  const meeting = /^[a-z0-9-]{1,80}-\d{4}-\d{2}-\d{2}$/.test(meetingId) ? await deps.meetings.getMeeting(meetingId) : undefined;
  if (meeting === undefined) throw notFound('Die Sitzung');
  return meeting;
}

/** Applies a change that recipients must learn about: raises the SEQUENCE, conditional on the version. */
async function change(deps: MeetingDependencies, meeting: MeetingRecord, changes: MeetingChanges, kinds: MeetingRecord['changeLog'][number]['changes']): Promise<MeetingRecord> {
  const sequence = meeting.sequence + 1;
  try {
    return await deps.meetings.updateMeeting(meeting, { ...changes, sequence, changeLog: [...meeting.changeLog, { sequence, changes: kinds }] }, deps.clock.now());
  } catch (error) {
    if (error instanceof VersionConflict) throw conflict('Die Sitzung wurde zwischenzeitlich geändert. Bitte laden Sie sie neu.');
    throw error;
  }
}

function assertChangeable(meeting: MeetingRecord, now: Date): void {
  if (meeting.status === 'cancelled') throw conflict('Die Sitzung ist abgesagt.');
  if (new Date(meeting.start) <= now) throw conflict('Die Sitzung hat bereits stattgefunden.');
}

const isoDate = z.iso.date({ error: 'muss ein Datum im Format JJJJ-MM-TT sein' });
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'muss eine Uhrzeit im Format HH:MM sein' });

export async function rescheduleMeeting(deps: MeetingDependencies, caller: Caller, meetingId: string, raw: unknown): Promise<MeetingRecord> {
  requireCoordinator(caller);
  const input = parse(z.strictObject({ date: isoDate, time, location: safeText({ maxBytes: 300 }).optional() }), raw);
  const meeting = await meetingFor(deps, meetingId);
  const now = deps.clock.now();
  assertChangeable(meeting, now);
  const body = deps.profile.bodies.find((b) => b.id === meeting.bodyId);
  const duration = body?.durationMinutes ?? (new Date(meeting.end).getTime() - new Date(meeting.start).getTime()) / 60_000;
  if (!deps.calendar.isWorkingDay(input.date)) {
    throw validationFailed([{ field: 'date', message: `ist kein Arbeitstag${deps.calendar.holidayName(input.date) === undefined ? '' : ` (${deps.calendar.holidayName(input.date) ?? ''})`}` }]);
  }
  const weekday = WEEKDAYS[(new Date(`${input.date}T12:00:00Z`).getUTCDay() + 6) % 7] ?? 'mon';
  const from = minutesOfDay(input.time);
  const fits = deps.profile.officeHours[weekday].some((slot) => minutesOfDay(slot.from) <= from && from + duration <= minutesOfDay(slot.to));
  if (!fits) throw validationFailed([{ field: 'time', message: `die Sitzung (${String(duration)} Minuten) liegt nicht in den Dienstzeiten dieses Tages` }]);
  const start = zonedInstant(input.date, input.time, deps.profile.district.timeZone);
  if (start <= now) throw validationFailed([{ field: 'date', message: 'muss in der Zukunft liegen' }]);
  const end = new Date(start.getTime() + duration * 60_000);
  return change(deps, meeting, { start: start.toISOString(), end: end.toISOString(), ...(input.location === undefined ? {} : { location: input.location }) }, input.location === undefined ? ['time'] : ['time', 'location']);
}

export async function cancelMeeting(deps: MeetingDependencies, caller: Caller, meetingId: string): Promise<MeetingRecord> {
  requireCoordinator(caller);
  const meeting = await meetingFor(deps, meetingId);
  assertChangeable(meeting, deps.clock.now());
  return change(deps, meeting, { status: 'cancelled' }, []);
}

export async function addAgendaItem(deps: MeetingDependencies, caller: Caller, meetingId: string, raw: unknown): Promise<MeetingRecord> {
  requireCoordinator(caller);
  const { title } = parse(z.strictObject({ title: safeText({ maxBytes: 2000, multiline: true }) }), raw);
  const meeting = await meetingFor(deps, meetingId);
  const now = deps.clock.now();
  assertChangeable(meeting, now);
  return change(deps, meeting, { agenda: [...meeting.agenda, { itemId: randomUUID(), title, addedBy: caller.userId, addedAt: now.toISOString() }] }, ['agenda']);
}

export async function removeAgendaItem(deps: MeetingDependencies, caller: Caller, meetingId: string, itemId: string): Promise<MeetingRecord> {
  requireCoordinator(caller);
  const meeting = await meetingFor(deps, meetingId);
  assertChangeable(meeting, deps.clock.now());
  if (!meeting.agenda.some((item) => item.itemId === itemId)) throw notFound('Der Tagesordnungspunkt');
  return change(deps, meeting, { agenda: meeting.agenda.filter((item) => item.itemId !== itemId) }, ['agenda']);
}

export async function addGuest(deps: MeetingDependencies, caller: Caller, meetingId: string, raw: unknown): Promise<MeetingRecord> {
  requireCoordinator(caller);
  const input = parse(
    z.strictObject({
      name: personName(),
      email: z.email({ error: 'muss eine gültige E-Mail-Adresse sein' }).max(254),
      topic: safeText({ maxBytes: 500 }).optional(),
    }),
    raw,
  );
  const meeting = await meetingFor(deps, meetingId);
  assertChangeable(meeting, deps.clock.now());
  if (meeting.guests.some((g) => g.email.toLowerCase() === input.email.toLowerCase())) throw conflict('Dieser Gast ist bereits eingeladen.');
  return change(deps, meeting, { guests: [...meeting.guests, { guestId: randomUUID(), ...input }] }, ['guests']);
}

export async function listMeetings(deps: MeetingDependencies, caller: Caller, query: { from?: string; to?: string; body?: string }): Promise<MeetingRecord[]> {
  requireStaff(caller);
  const range = parse(z.object({ from: isoDate.optional(), to: isoDate.optional(), body: z.string().max(80).optional() }), query);
  const now = deps.clock.now();
  const from = range.from === undefined ? new Date(now.getTime() - 31 * 86_400_000) : new Date(`${range.from}T00:00:00Z`);
  const to = range.to === undefined ? new Date(now.getTime() + 366 * 86_400_000) : new Date(`${range.to}T23:59:59Z`);
  if (range.body !== undefined && !deps.profile.bodies.some((b) => b.id === range.body)) throw validationFailed([{ field: 'body', message: 'ist kein Gremium des Profils' }]);
  return deps.meetings.listMeetings(from, to, range.body);
}

export interface MeetingDetail {
  readonly meeting: MeetingRecord;
  readonly bodyName: string;
  /** Invitation state per recipient: the last notification sent and the RSVP answer. */
  readonly recipients: { name: string; email: string; kind: 'member' | 'guest'; lastSent?: string; sequence?: number; answer?: RsvpRecord['answer'] }[];
}

export async function meetingDetail(deps: MeetingDependencies, caller: Caller, meetingId: string, recipients: readonly { name: string; email: string; kind: 'member' | 'guest' }[]): Promise<MeetingDetail> {
  requireStaff(caller);
  const meeting = await meetingFor(deps, meetingId);
  const [sent, rsvps] = await Promise.all([deps.meetings.listSent(meeting.meetingId, deps.clock.now()), deps.meetings.listRsvps(meeting.meetingId)]);
  return {
    meeting,
    bodyName: deps.profile.bodies.find((b) => b.id === meeting.bodyId)?.name ?? meeting.bodyId,
    recipients: recipients.map((r) => {
      const mine = sent.filter((s) => s.email.toLowerCase() === r.email.toLowerCase() && s.kind !== 'reminder').sort((a, b) => a.sequence - b.sequence);
      const last = mine.at(-1);
      const answer = rsvps.find((a) => a.email.toLowerCase() === r.email.toLowerCase())?.answer;
      return { ...r, ...(last === undefined ? {} : { lastSent: last.kind, sequence: last.sequence }), ...(answer === undefined ? {} : { answer }) };
    }),
  };
}

/** Members of a body on a given day (from ≤ day ≤ to). */
export function activeMembers(members: readonly BodyMember[], day: string): BodyMember[] {
  return members.filter((m) => m.from <= day && (m.to === undefined || day <= m.to));
}

const memberInput = z.strictObject({
  name: personName(),
  email: z.email({ error: 'muss eine gültige E-Mail-Adresse sein' }).max(254),
  roleId: z.string().max(80),
  from: isoDate,
  to: isoDate.optional(),
});

export async function saveMembership(deps: MeetingDependencies, caller: Caller, bodyId: string, memberId: string | undefined, raw: unknown): Promise<BodyMember> {
  requireCoordinator(caller);
  const body = deps.profile.bodies.find((b) => b.id === bodyId);
  if (body === undefined) throw notFound('Das Gremium');
  const input = parse(
    memberInput.superRefine((value, ctx) => {
      if (!body.memberRoles.some((r) => r.id === value.roleId)) ctx.addIssue({ code: 'custom', path: ['roleId'], message: 'ist keine Rolle dieses Gremiums' });
      if (value.to !== undefined && value.to < value.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'darf nicht vor dem Beginn liegen' });
    }),
    raw,
  );
  const existing = memberId === undefined ? undefined : (await deps.meetings.listMembers(bodyId)).find((m) => m.id === memberId);
  if (memberId !== undefined && existing === undefined) throw notFound('Die Mitgliedschaft');
  const member: BodyMember = { id: memberId ?? randomUUID(), bodyId, ...input };
  await deps.meetings.saveMember(member, deps.clock.now());
  return member;
}
