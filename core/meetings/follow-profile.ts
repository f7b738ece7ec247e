/**
 * Planned meetings follow the profile. When a body's recurrence, time, duration or place changes (a new profile
 * deployed, `npm start` restarted), the meetings already materialised are brought to the new schedule by the next
 * reconciling run: a meeting whose date still comes out of the rule takes the new time and place; one whose date no
 * longer does is moved to the nearest new date within a week (a new weekday: same UID, higher SEQUENCE, one update per
 * recipient); what is left is cancelled, and new dates are created (invitations when their lead time comes).
 *
 * What the coordination decided stays: a one-off meeting, a meeting it cancelled, and the time (or place) of a
 * meeting it rescheduled by hand are never touched. Past meetings are not either, and a rule date the new schedule
 * cannot place (a schedule problem, reported) keeps its meeting as it is. Pure: plan-meetings.ts writes the result,
 * each change conditional on the version it was read at, so two runs at once change a meeting once.
 */
import { DAY_MS } from '../clock.ts';
import type { Body } from '../profile/schema.ts';
import type { MeetingRecord, Occurrence } from './meeting.ts';
import type { MeetingChanges } from './ports.ts';

/** How far a date may move to stay the same meeting: a change of weekday moves it by less than a week. */
const PAIRING_MS = 7 * DAY_MS;

type ChangeKind = MeetingRecord['changeLog'][number]['changes'][number];

export interface ProfileFollowUp {
  /** Meetings to change, with the changes (SEQUENCE raised, logged as the profile's). */
  readonly changes: readonly { readonly meeting: MeetingRecord; readonly changes: MeetingChanges }[];
  /** Occurrences no meeting stands for yet: to be created. */
  readonly missing: readonly Occurrence[];
}

const byStart = <T extends { readonly start: Date | string }>(a: T, b: T): number => new Date(a.start).getTime() - new Date(b.start).getTime();

/** Whether the coordination changed this aspect of the meeting by hand (a change not logged as the profile's). */
const changedByHand = (meeting: MeetingRecord, kind: ChangeKind): boolean => meeting.changeLog.some((entry) => entry.by !== 'profile' && entry.changes.includes(kind));

function sequenced(meeting: MeetingRecord, changes: MeetingChanges, kinds: readonly ChangeKind[]): { meeting: MeetingRecord; changes: MeetingChanges } {
  const sequence = meeting.sequence + 1;
  return { meeting, changes: { ...changes, sequence, changeLog: [...meeting.changeLog, { sequence, changes: [...kinds], by: 'profile' }] } };
}

/** The new time, place and rule date of a meeting the profile (still or newly) puts on `occurrence`'s rule date. */
function follow(meeting: MeetingRecord, occurrence: Occurrence, body: Body): { meeting: MeetingRecord; changes: MeetingChanges } | undefined {
  const moved = meeting.start !== occurrence.start.toISOString() || meeting.end !== occurrence.end.toISOString();
  const time = moved && !changedByHand(meeting, 'time');
  const location = meeting.location !== body.location && !changedByHand(meeting, 'location');
  const changes: MeetingChanges = {
    ...(time ? { start: occurrence.start.toISOString(), end: occurrence.end.toISOString(), movedBecause: occurrence.movedBecause } : {}),
    ...(location ? { location: body.location } : {}),
    ...(meeting.ruleDate === occurrence.ruleDate ? {} : { ruleDate: occurrence.ruleDate }),
  };
  const kinds: ChangeKind[] = [...(time ? (['time'] as const) : []), ...(location ? (['location'] as const) : [])];
  if (kinds.length > 0) return sequenced(meeting, changes, kinds);
  // Only the rule date: the meeting already stood where the new rule puts it; nothing for the recipients to learn.
  return Object.keys(changes).length === 0 ? undefined : { meeting, changes };
}

/**
 * What the profile asks of one body's meetings from `now` on. `meetings`: the body's materialised meetings starting
 * after now; `occurrences`: its schedule over the same span; `problemDates`: rule dates the schedule could not place.
 */
export function followProfile(body: Body, meetings: readonly MeetingRecord[], occurrences: readonly Occurrence[], problemDates: ReadonlySet<string>, now: Date): ProfileFollowUp {
  const future = occurrences.filter((o) => o.start > now);
  const series = meetings.filter((m) => m.oneOff !== true && new Date(m.start) > now);
  const taken = new Set(meetings.map((m) => m.ruleDate));
  const ruleDates = new Set(future.map((o) => o.ruleDate));
  const changes: { meeting: MeetingRecord; changes: MeetingChanges }[] = [];

  for (const occurrence of future) {
    const meeting = series.find((m) => m.ruleDate === occurrence.ruleDate && m.status === 'scheduled');
    const followed = meeting === undefined ? undefined : follow(meeting, occurrence, body);
    if (followed !== undefined) changes.push(followed);
  }

  // Dates the rule no longer gives, of meetings the coordination neither cancelled nor moved, against new dates.
  const orphans = series
    .filter((m) => m.status === 'scheduled' && !ruleDates.has(m.ruleDate) && !problemDates.has(m.ruleDate) && !changedByHand(m, 'time'))
    .sort(byStart);
  const fresh = future.filter((o) => !taken.has(o.ruleDate)).sort(byStart);
  for (const meeting of orphans) {
    const at = new Date(meeting.start).getTime();
    const nearest = fresh
      .map((occurrence, index) => ({ occurrence, index, distance: Math.abs(occurrence.start.getTime() - at) }))
      .filter((candidate) => candidate.distance < PAIRING_MS)
      .sort((a, b) => a.distance - b.distance)[0];
    if (nearest === undefined) {
      changes.push(sequenced(meeting, { status: 'cancelled' }, []));
      continue;
    }
    fresh.splice(nearest.index, 1);
    const followed = follow(meeting, nearest.occurrence, body);
    if (followed !== undefined) changes.push(followed);
  }
  return { changes, missing: fresh };
}
