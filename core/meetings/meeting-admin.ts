/**
 * The coordination's meeting work: list and read meetings, reschedule, cancel, agenda, guests (memberships:
 * memberships.ts).
 * Every change the recipients must learn about raises the meeting's SEQUENCE; the reconciler then sends the
 * updates and cancellations. Reading is open to all staff (case managers sit in the Jour fixe); changing is for
 * coordinators only.
 */
import { parseInput } from '../validation/parse-input.ts';
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import '../validation/zod-german.ts';
import type { Clock } from '../clock.ts';
import type { WorkingCalendar } from '../calendar/working-days.ts';
import { zonedInstant } from '../calendar/zoned-time.ts';
import { VersionConflict } from '../cases/ports.ts';
import { conflict, forbidden, notFound, validationFailed } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import { minutesOfDay, WEEKDAYS, type DistrictProfile } from '../profile/schema.ts';
import { bodyNameOf, MEETING_ID, meetingIdOf, sequencedChange, type AgendaItem, type MeetingRecord } from './meeting.ts';
import { agendaItemInput, guestInput, isoDate, oneOffMeetingInput, rescheduleInput } from './meeting-inputs.ts';
import { planHorizon } from './plan-horizon.ts';
import type { MeetingChanges, MeetingRepository, RsvpRecord } from './ports.ts';
import { recipientsOf } from './recipients.ts';
import { DAY_MS } from '../clock.ts';

export interface MeetingDependencies {
  readonly profile: DistrictProfile;
  readonly clock: Clock;
  readonly calendar: WorkingCalendar;
  readonly meetings: MeetingRepository;
}


export function requireStaff(caller: Caller): void {
  if (caller.roles.length === 0) throw forbidden();
}

export function requireCoordinator(caller: Caller): void {
  if (!caller.roles.includes('coordinator')) throw forbidden();
}

/** The body's scheduled meetings still to come, the next first (within the year ahead). */
export async function upcomingMeetings(deps: Pick<MeetingDependencies, 'meetings' | 'clock'>, bodyId: string): Promise<MeetingRecord[]> {
  const now = deps.clock.now();
  return (await deps.meetings.listMeetings(now, new Date(now.getTime() + 366 * DAY_MS), bodyId))
    .filter((m) => m.status === 'scheduled' && new Date(m.start) > now)
    .sort((a, b) => a.start.localeCompare(b.start));
}

export async function meetingFor(deps: Pick<MeetingDependencies, 'meetings'>, meetingId: string): Promise<MeetingRecord> {
  const meeting = MEETING_ID.test(meetingId) ? await deps.meetings.getMeeting(meetingId) : undefined;
  if (meeting === undefined) throw notFound('Die Sitzung');
  return meeting;
}


/** Writes a meeting's changes, conditional on the version it was read at. */
async function save(deps: MeetingDependencies, meeting: MeetingRecord, changes: MeetingChanges): Promise<MeetingRecord> {
  try {
    return await deps.meetings.updateMeeting(meeting, changes, deps.clock.now());
  } catch (error) {
    if (error instanceof VersionConflict) throw conflict('Die Sitzung wurde zwischenzeitlich geändert. Bitte laden Sie sie neu.');
    throw error;
  }
}

/** Applies a change that recipients must learn about: raises the SEQUENCE, conditional on the version. */
function change(deps: MeetingDependencies, meeting: MeetingRecord, changes: MeetingChanges, kinds: MeetingRecord['changeLog'][number]['changes']): Promise<MeetingRecord> {
  return save(deps, meeting, sequencedChange(meeting, changes, kinds));
}

function assertChangeable(meeting: MeetingRecord, now: Date): void {
  if (meeting.status === 'cancelled') throw conflict('Die Sitzung ist abgesagt und kann nicht mehr geändert werden. Legen Sie bei Bedarf eine neue Sitzung an.');
  if (new Date(meeting.start) <= now) throw conflict('Die Sitzung hat bereits stattgefunden und kann nicht mehr geändert werden. Legen Sie bei Bedarf eine neue Sitzung an.');
}

/** A slot a meeting may take: a working day, inside that day's office hours, in the future. */
function checkedSlot(deps: MeetingDependencies, date: string, time: string, durationMinutes: number): { start: Date; end: Date } {
  if (!deps.calendar.isWorkingDay(date)) {
    const holiday = deps.calendar.holidayName(date);
    throw validationFailed([{ field: 'date', message: `ist kein Arbeitstag${holiday === undefined ? '' : ` (${holiday})`}` }]);
  }
  const weekday = WEEKDAYS[(new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7] ?? 'mon';
  const from = minutesOfDay(time);
  const fits = deps.profile.officeHours[weekday].some((slot) => minutesOfDay(slot.from) <= from && from + durationMinutes <= minutesOfDay(slot.to));
  if (!fits) throw validationFailed([{ field: 'time', message: `die Sitzung (${String(durationMinutes)} Minuten) liegt nicht in den Dienstzeiten dieses Tages` }]);
  const start = zonedInstant(date, time, deps.profile.district.timeZone);
  if (start <= deps.clock.now()) throw validationFailed([{ field: 'date', message: 'muss in der Zukunft liegen' }]);
  return { start, end: new Date(start.getTime() + durationMinutes * 60_000) };
}

export async function rescheduleMeeting(deps: MeetingDependencies, caller: Caller, meetingId: string, raw: unknown): Promise<MeetingRecord> {
  requireCoordinator(caller);
  const input = parseInput(rescheduleInput, raw);
  const meeting = await meetingFor(deps, meetingId);
  assertChangeable(meeting, deps.clock.now());
  const duration = (new Date(meeting.end).getTime() - new Date(meeting.start).getTime()) / 60_000;
  const { start, end } = checkedSlot(deps, input.date, input.time, duration);
  // Only what really changed is logged: a new place at the same time is no change of time (no second reminder).
  const kinds = [
    ...(start.getTime() === new Date(meeting.start).getTime() ? [] : (['time'] as const)),
    ...(input.location === undefined || input.location === meeting.location ? [] : (['location'] as const)),
  ];
  if (kinds.length === 0) return meeting; // nothing the recipients would need to learn
  return change(deps, meeting, { start: start.toISOString(), end: end.toISOString(), ...(input.location === undefined ? {} : { location: input.location }) }, kinds);
}

/**
 * A one-off meeting of a body outside its series — e.g. presenting case management to the municipalities, or a
 * special session of the Lenkungsgruppe. Its members are invited like for any meeting; guests can be added.
 */
export async function createOneOffMeeting(deps: MeetingDependencies, caller: Caller, raw: unknown): Promise<MeetingRecord> {
  requireCoordinator(caller);
  const input = parseInput(oneOffMeetingInput, raw);
  const body = deps.profile.bodies.find((b) => b.id === input.bodyId);
  if (body === undefined) throw validationFailed([{ field: 'bodyId', message: 'ist kein Gremium des Profils' }]);
  const { start, end } = checkedSlot(deps, input.date, input.time, input.durationMinutes);
  const now = deps.clock.now().toISOString();
  const record: MeetingRecord = {
    meetingId: meetingIdOf(body.id, input.date),
    bodyId: body.id,
    version: 1,
    sequence: 0,
    ruleDate: input.date,
    start: start.toISOString(),
    end: end.toISOString(),
    location: input.location ?? body.location,
    status: 'scheduled',
    agenda: [{ itemId: randomUUID(), title: input.title, addedBy: caller.userId, addedAt: now }],
    guests: [],
    changeLog: [],
    oneOff: true,
    createdAt: now,
    updatedAt: now,
  };
  if ((await deps.meetings.ensureMeeting(record)) === 'exists') throw conflict('Dieses Gremium hat an diesem Tag bereits eine Sitzung. Wählen Sie einen anderen Tag oder verschieben Sie die vorhandene Sitzung.');
  return record;
}

export async function cancelMeeting(deps: MeetingDependencies, caller: Caller, meetingId: string): Promise<MeetingRecord> {
  requireCoordinator(caller);
  const meeting = await meetingFor(deps, meetingId);
  assertChangeable(meeting, deps.clock.now());
  return change(deps, meeting, { status: 'cancelled' }, []);
}

/**
 * A new agenda item on a meeting that can still change, and the meeting's changes for it (SEQUENCE raised), for
 * the caller to write: alone (addAgendaItem), or in one transaction with what the item stands for (a gap report
 * routed to the body, core/casework/review-gap-report.ts; a Jour fixe topic, core/meetings/meeting-topics.ts, whose
 * id the item keeps in `from.topicId`), so neither is written without the other.
 */
export function agendaAddition(
  deps: Pick<MeetingDependencies, 'clock'>,
  caller: Caller,
  meeting: MeetingRecord,
  title: string,
  from: Pick<AgendaItem, 'topicId' | 'gapReportId'> = {},
): { readonly item: AgendaItem; readonly changes: MeetingChanges } {
  const now = deps.clock.now();
  assertChangeable(meeting, now);
  const item: AgendaItem = { itemId: randomUUID(), title, addedBy: caller.userId, addedAt: now.toISOString(), ...from };
  return { item, changes: sequencedChange(meeting, { agenda: [...meeting.agenda, item] }, ['agenda']) };
}

export async function addAgendaItem(deps: MeetingDependencies, caller: Caller, meetingId: string, raw: unknown): Promise<MeetingRecord> {
  requireCoordinator(caller);
  const { title } = parseInput(agendaItemInput, raw);
  const meeting = await meetingFor(deps, meetingId);
  return save(deps, meeting, agendaAddition(deps, caller, meeting, title).changes);
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
  const input = parseInput(guestInput, raw);
  const meeting = await meetingFor(deps, meetingId);
  assertChangeable(meeting, deps.clock.now());
  if (meeting.guests.some((g) => g.email.toLowerCase() === input.email.toLowerCase())) throw conflict('Dieser Gast ist bereits eingeladen; eine zweite Einladung ist nicht nötig.');
  return change(deps, meeting, { guests: [...meeting.guests, { guestId: randomUUID(), ...input }] }, ['guests']);
}

/** Uninvites a guest: the reconciler sends them a cancellation of their entry, and the others an update. */
export async function removeGuest(deps: MeetingDependencies, caller: Caller, meetingId: string, guestId: string): Promise<MeetingRecord> {
  requireCoordinator(caller);
  const meeting = await meetingFor(deps, meetingId);
  assertChangeable(meeting, deps.clock.now());
  if (!meeting.guests.some((guest) => guest.guestId === guestId)) throw notFound('Der Gast');
  return change(deps, meeting, { guests: meeting.guests.filter((guest) => guest.guestId !== guestId) }, ['guests']);
}

/** The widest range GET /api/meetings answers (see listMeetings). */
const MAX_LIST_DAYS = 800;

export async function listMeetings(deps: MeetingDependencies, caller: Caller, query: { from?: string; to?: string; body?: string }): Promise<MeetingRecord[]> {
  requireStaff(caller);
  const range = parseInput(z.object({ from: isoDate.optional(), to: isoDate.optional(), body: z.string().max(80).optional() }), query);
  const now = deps.clock.now();
  const from = range.from === undefined ? new Date(now.getTime() - 31 * DAY_MS) : new Date(`${range.from}T00:00:00Z`);
  const to = range.to === undefined ? planHorizon(now, deps.profile.district.timeZone) : new Date(`${range.to}T23:59:59Z`);
  // One answer holds at most about two years of all bodies' meetings (the default range, a month back to the end of
  // the annual plan, is at most 25 months): a wider range is refused instead of read in full.
  if (to.getTime() - from.getTime() > MAX_LIST_DAYS * DAY_MS) throw validationFailed([{ field: 'to', message: `darf höchstens ${String(MAX_LIST_DAYS)} Tage nach dem Beginn des Zeitraums liegen` }]);
  if (range.body !== undefined && !deps.profile.bodies.some((b) => b.id === range.body)) throw validationFailed([{ field: 'body', message: 'ist kein Gremium des Profils' }]);
  return deps.meetings.listMeetings(from, to, range.body);
}

export interface MeetingDetail {
  readonly meeting: MeetingRecord;
  readonly bodyName: string;
  /**
   * Invitation state per recipient: the last notification sent and the RSVP answer. `answeredEarlierTime`: the answer
   * was given before the meeting moved to its current time — kept visible until the person answers again (the update
   * about the move asks them to), but not counted as an answer to the new time.
   */
  readonly recipients: { name: string; email: string; kind: 'member' | 'guest'; lastSent?: string; sequence?: number; answer?: RsvpRecord['answer']; answeredEarlierTime?: true }[];
}

/** The SEQUENCE of the meeting's last change of date or time (0: never moved). */
const lastMove = (meeting: MeetingRecord): number => Math.max(0, ...meeting.changeLog.filter((change) => change.changes.includes('time')).map((change) => change.sequence));

export async function meetingDetail(deps: MeetingDependencies, caller: Caller, meetingId: string): Promise<MeetingDetail> {
  requireStaff(caller);
  const meeting = await meetingFor(deps, meetingId);
  const [sent, rsvps, recipients] = await Promise.all([deps.meetings.listSent(meeting.meetingId, deps.clock.now()), deps.meetings.listRsvps(meeting.meetingId), recipientsOf(deps, meeting)]);
  return {
    meeting,
    bodyName: bodyNameOf(deps.profile, meeting.bodyId),
    recipients: recipients.map((r) => {
      const mine = sent.filter((s) => s.email.toLowerCase() === r.email.toLowerCase() && (s.kind === 'invitation' || s.kind === 'update' || s.kind === 'cancellation')).sort((a, b) => a.sequence - b.sequence);
      const last = mine.at(-1);
      const rsvp = rsvps.find((a) => a.email.toLowerCase() === r.email.toLowerCase());
      return {
        ...r,
        ...(last === undefined ? {} : { lastSent: last.kind, sequence: last.sequence }),
        ...(rsvp === undefined ? {} : { answer: rsvp.answer }),
        ...(rsvp !== undefined && rsvp.sequence < lastMove(meeting) ? { answeredEarlierTime: true as const } : {}),
      };
    }),
  };
}
