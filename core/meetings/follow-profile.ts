/**
 * Planned meetings follow the profile. When a body's recurrence, time, duration or place changes (a new profile
 * deployed, `npm start` restarted), the meetings already materialised are brought to the new schedule by the next
 * reconciling run: a meeting whose rule date the new rule still gives takes the new time and place; one whose date it
 * no longer gives is paired with the nearest new date less than a week away (a new weekday: the same meeting, same
 * UID, SEQUENCE raised, one update per recipient), closest pairs first; the rest is cancelled, and new dates are
 * created (invitations when their lead time comes). A date the profile dropped comes back when a later profile gives
 * it again (the meeting the profile cancelled is scheduled again, with a fresh invitation).
 *
 * What the coordination decided stays: a one-off meeting is never touched; a meeting it cancelled stays cancelled and
 * a time (or place) it set by hand stays, but such a meeting still stands for its week — it takes the new rule date
 * that pairs with it, so no second meeting is created next to it, and it is never cancelled for want of a pair. Past
 * meetings are not touched, nor is a meeting whose new slot has already begun, nor one whose rule date the schedule
 * cannot place (a schedule problem, reported). Pure: plan-meetings.ts writes the result, each change conditional on the
 * version it was read at, so two runs at once change a meeting once.
 */
import { DAY_MS } from '../clock.ts';
import type { Body } from '../profile/schema.ts';
import { sequencedChange, type MeetingRecord, type Occurrence } from './meeting.ts';
import type { MeetingChanges } from './ports.ts';

/** A change of weekday moves a rule date by less than a week (counted in calendar days). */
const PAIRING_DAYS = 7;

type ChangeKind = MeetingRecord['changeLog'][number]['changes'][number];
type MeetingChange = { readonly meeting: MeetingRecord; readonly changes: MeetingChanges };

export interface ProfileFollowUp {
  /** Meetings to change, with the changes (SEQUENCE raised where recipients must learn of it, logged as the profile's). */
  readonly changes: readonly MeetingChange[];
  /** Occurrences no meeting stands for yet: to be created. */
  readonly missing: readonly Occurrence[];
}

/** Whether the coordination changed this aspect of the meeting by hand (a change not logged as the profile's). */
const changedByHand = (meeting: MeetingRecord, kind: ChangeKind): boolean => meeting.changeLog.some((entry) => entry.by !== 'profile' && entry.changes.includes(kind));

/** Cancelled by the profile (not by the coordination): its last change is the profile's, with the status. */
const cancelledByProfile = (meeting: MeetingRecord): boolean => meeting.status === 'cancelled' && meeting.changeLog.at(-1)?.by === 'profile';

/**
 * A one-off meeting, outside the series. Those created before the mark existed are told by their first agenda item,
 * which createOneOffMeeting adds at the moment it creates the meeting; the planner creates series meetings without one.
 */
export const isOneOff = (meeting: MeetingRecord): boolean => meeting.oneOff === true || (meeting.agenda[0] !== undefined && meeting.agenda[0].addedAt === meeting.createdAt);

const daysBetween = (a: string, b: string): number => Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / DAY_MS;

function sequenced(meeting: MeetingRecord, changes: MeetingChanges, kinds: readonly ChangeKind[]): MeetingChange {
  return { meeting, changes: sequencedChange(meeting, changes, kinds, 'profile') };
}

/**
 * A meeting brought to `occurrence` (the same rule date, or the new one it pairs with): new time and place unless set
 * by hand, the new rule date and its reason for a move; a meeting the profile cancelled is scheduled again. A meeting
 * the coordination cancelled only takes the rule date. Undefined when nothing changes.
 */
function follow(meeting: MeetingRecord, occurrence: Occurrence, body: Body, now: Date): MeetingChange | undefined {
  const ruleDate = meeting.ruleDate === occurrence.ruleDate ? {} : { ruleDate: occurrence.ruleDate };
  if (meeting.status === 'cancelled' && !cancelledByProfile(meeting)) return Object.keys(ruleDate).length === 0 ? undefined : { meeting, changes: ruleDate };
  const reinstated = meeting.status === 'cancelled';
  // A new slot that has already begun is not taken: the meeting stays where it is (it is today, or over).
  const slotAhead = occurrence.start > now;
  const moved = meeting.start !== occurrence.start.toISOString() || meeting.end !== occurrence.end.toISOString();
  const time = slotAhead && moved && !changedByHand(meeting, 'time');
  const location = meeting.location !== body.location && !changedByHand(meeting, 'location');
  const reason = time || !moved ? (meeting.movedBecause === occurrence.movedBecause ? {} : { movedBecause: occurrence.movedBecause }) : {};
  const changes: MeetingChanges = {
    ...(time ? { start: occurrence.start.toISOString(), end: occurrence.end.toISOString() } : {}),
    ...reason,
    ...(location ? { location: body.location } : {}),
    ...(reinstated ? { status: 'scheduled' as const } : {}),
    ...ruleDate,
  };
  const kinds: ChangeKind[] = [...(time ? (['time'] as const) : []), ...(location ? (['location'] as const) : [])];
  if (kinds.length > 0 || reinstated) return sequenced(meeting, changes, kinds);
  // Only the rule date or the reason: nothing for the recipients to learn.
  return Object.keys(changes).length === 0 ? undefined : { meeting, changes };
}

/**
 * What the profile asks of one body's meetings. `meetings`: the body's materialised meetings starting after `now`;
 * `occurrences`: its schedule from the start of the district's day before (so a meeting later today whose new slot
 * has passed still finds its rule date) up to the plan horizon; `problemDates`: rule dates the schedule could not place.
 */
export function followProfile(body: Body, meetings: readonly MeetingRecord[], occurrences: readonly Occurrence[], problemDates: ReadonlySet<string>, now: Date): ProfileFollowUp {
  const series = meetings.filter((m) => !isOneOff(m) && new Date(m.start) > now);
  const byRuleDate = new Map(series.map((m) => [m.ruleDate, m]));
  const ruleDates = new Set(occurrences.map((o) => o.ruleDate));
  const changes: MeetingChange[] = [];

  for (const occurrence of occurrences) {
    const meeting = byRuleDate.get(occurrence.ruleDate);
    const followed = meeting === undefined ? undefined : follow(meeting, occurrence, body, now);
    if (followed !== undefined) changes.push(followed);
  }

  // Meetings on dates the rule no longer gives, against new dates no meeting stands for: the closest pairs first.
  const orphans = series.filter((m) => !ruleDates.has(m.ruleDate) && !problemDates.has(m.ruleDate));
  const fresh = occurrences.filter((o) => o.start > now && !byRuleDate.has(o.ruleDate) && !meetings.some((m) => m.ruleDate === o.ruleDate));
  const pairs = orphans
    .flatMap((meeting) => fresh.map((occurrence) => ({ meeting, occurrence, days: daysBetween(meeting.ruleDate, occurrence.ruleDate) })))
    .filter((pair) => pair.days < PAIRING_DAYS)
    .sort((a, b) => a.days - b.days || (a.occurrence.ruleDate < b.occurrence.ruleDate ? -1 : 1));
  const paired = new Set<MeetingRecord>();
  const claimed = new Set<Occurrence>();
  for (const { meeting, occurrence } of pairs) {
    if (paired.has(meeting) || claimed.has(occurrence)) continue;
    paired.add(meeting);
    claimed.add(occurrence);
    const followed = follow(meeting, occurrence, body, now);
    if (followed !== undefined) changes.push(followed);
  }
  // Unpaired: cancelled, unless the coordination decided about it (cancelled it, or set its time by hand).
  for (const meeting of orphans) {
    if (paired.has(meeting) || meeting.status === 'cancelled' || changedByHand(meeting, 'time')) continue;
    changes.push(sequenced(meeting, { status: 'cancelled' }, []));
  }
  return { changes, missing: fresh.filter((o) => !claimed.has(o)) };
}
