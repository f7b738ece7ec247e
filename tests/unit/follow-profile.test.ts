/**
 * Planned meetings follow the profile (core/meetings/follow-profile.ts): the real schedule of the Jour fixe from the
 * bundled profile, materialised as the planner does, then the body changed the way a new profile changes it.
 */
import { describe, expect, it } from 'vitest';
import { followProfile } from '../../core/meetings/follow-profile.ts';
import { meetingIdOf, type MeetingRecord } from '../../core/meetings/meeting.ts';
import type { MeetingChanges } from '../../core/meetings/ports.ts';
import { materialiseSchedule } from '../../core/meetings/schedule.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import type { Body } from '../../core/profile/schema.ts';

const profile = bundledProfile();
const jourFixe = profile.bodies.find((b) => b.id === 'jour-fixe') as Body;
const NOW = new Date('2026-12-01T08:00:00Z');
const HORIZON = new Date('2027-07-01T00:00:00Z');

/** The meetings a planner made from `body`'s schedule (as plan-meetings.ts does). */
function planned(body: Body): MeetingRecord[] {
  return materialiseSchedule(profile, body, NOW, HORIZON).occurrences.map((o) => ({
    meetingId: meetingIdOf(body.id, o.ruleDate),
    bodyId: body.id,
    version: 1,
    sequence: 0,
    ruleDate: o.ruleDate,
    start: o.start.toISOString(),
    end: o.end.toISOString(),
    location: body.location,
    status: 'scheduled',
    ...(o.movedBecause === undefined ? {} : { movedBecause: o.movedBecause }),
    agenda: [],
    guests: [],
    changeLog: [],
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
  }));
}

function follow(body: Body, meetings: readonly MeetingRecord[], now = NOW) {
  const { occurrences, problems } = materialiseSchedule(profile, body, now, HORIZON);
  return followProfile(body, meetings, occurrences, new Set(problems.map((p) => p.ruleDate)), now);
}

/** The meetings after the changes, as the repository writes them (a field set to undefined removed). */
const applied = (meetings: readonly MeetingRecord[], changes: readonly { meeting: MeetingRecord; changes: MeetingChanges }[]): MeetingRecord[] =>
  meetings.map((m) => {
    const change = changes.find((c) => c.meeting.meetingId === m.meetingId);
    if (change === undefined) return m;
    const merged: Record<string, unknown> = { ...m, ...change.changes, version: m.version + 1 };
    return Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as unknown as MeetingRecord;
  });

describe('planned meetings follow the profile', () => {
  const meetings = planned(jourFixe);

  it('changes nothing while the profile is the same', () => {
    expect(follow(jourFixe, meetings)).toEqual({ changes: [], missing: [] });
  });

  it('moves every meeting to the new weekday: same meeting, SEQUENCE raised once, logged as the profile’s, then nothing more', () => {
    const wednesdays = { ...jourFixe, rrule: 'FREQ=MONTHLY;BYDAY=2WE,4WE' };
    const result = follow(wednesdays, meetings);
    expect(result.missing).toEqual([]);
    expect(result.changes).toHaveLength(meetings.length);
    for (const { meeting, changes } of result.changes) {
      expect(new Date(changes.start ?? '').getTime() - new Date(meeting.start).getTime()).toBeLessThan(7 * 86_400_000);
      expect(changes.sequence).toBe(1);
      expect(changes.changeLog).toEqual([{ sequence: 1, changes: ['time'], by: 'profile' }]);
      expect(new Date(`${changes.ruleDate ?? ''}T12:00:00Z`).getUTCDay()).toBe(3);
    }
    expect(follow(wednesdays, applied(meetings, result.changes))).toEqual({ changes: [], missing: [] });
  });

  it('takes a new time and place into every planned meeting', () => {
    const later = { ...jourFixe, start: '11:00', location: 'Kreishaus Düren, Sitzungsraum 2' };
    const { changes } = follow(later, meetings);
    expect(changes).toHaveLength(meetings.length);
    for (const { meeting, changes: c } of changes) {
      expect(new Date(c.start ?? '').getTime() - new Date(meeting.start).getTime()).toBe(3_600_000);
      expect(c.location).toBe('Kreishaus Düren, Sitzungsraum 2');
      expect(c.changeLog?.at(-1)).toEqual({ sequence: 1, changes: ['time', 'location'], by: 'profile' });
    }
  });

  it('cancels the dates the rule no longer gives and creates the new ones', () => {
    const monthly = { ...jourFixe, rrule: 'FREQ=MONTHLY;BYDAY=2TU' };
    const result = follow(monthly, meetings);
    const fourth = meetings.filter((m) => !materialiseSchedule(profile, monthly, NOW, HORIZON).occurrences.some((o) => o.ruleDate === m.ruleDate));
    expect(fourth.length).toBeGreaterThan(5);
    expect(result.changes.map((c) => c.meeting.meetingId).sort()).toEqual(fourth.map((m) => m.meetingId).sort());
    for (const { changes } of result.changes) expect(changes).toMatchObject({ status: 'cancelled', sequence: 1 });
    const weekly = { ...jourFixe, rrule: 'FREQ=WEEKLY;BYDAY=TU' };
    const more = follow(weekly, meetings);
    expect(more.changes).toEqual([]);
    expect(more.missing.length).toBeGreaterThan(meetings.length - 5);
  });

  it('leaves what the coordination decided: a one-off, a cancelled meeting, a time set by hand; and the past', () => {
    const [first, second, third, fourth] = meetings;
    if (first === undefined || second === undefined || third === undefined || fourth === undefined) throw new Error('too few meetings');
    const mine: MeetingRecord[] = [
      { ...first, oneOff: true },
      { ...second, status: 'cancelled', sequence: 1, changeLog: [{ sequence: 1, changes: [] }] },
      { ...third, sequence: 1, changeLog: [{ sequence: 1, changes: ['time'] }] },
      ...meetings.slice(3),
    ];
    const later = { ...jourFixe, start: '11:00', location: 'Kreishaus Düren, Sitzungsraum 2' };
    const { changes } = follow(later, mine);
    const ids = changes.map((c) => c.meeting.meetingId);
    expect(ids).not.toContain(first.meetingId);
    expect(ids).not.toContain(second.meetingId);
    // The hand-set time stays; the profile's new place still reaches it.
    expect(changes.find((c) => c.meeting.meetingId === third.meetingId)?.changes).toMatchObject({ location: 'Kreishaus Düren, Sitzungsraum 2', changeLog: [{ sequence: 1, changes: ['time'] }, { sequence: 2, changes: ['location'], by: 'profile' }] });
    expect(changes.find((c) => c.meeting.meetingId === third.meetingId)?.changes.start).toBeUndefined();
    // From just after the fourth meeting's start on, it is past: untouched.
    const after = new Date(new Date(fourth.start).getTime() + 60_000);
    expect(follow(later, mine, after).changes.map((c) => c.meeting.meetingId)).not.toContain(fourth.meetingId);
  });
});
