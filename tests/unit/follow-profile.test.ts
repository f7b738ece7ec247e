/**
 * Planned meetings follow the profile (core/meetings/follow-profile.ts): the real schedule of the Jour fixe from the
 * bundled profile, materialised as the planner does, then the body changed the way a new profile changes it.
 */
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../core/clock.ts';
import { followProfile } from '../../core/meetings/follow-profile.ts';
import { freeMeetingId, MEETING_ID, meetingIdOf, type MeetingRecord } from '../../core/meetings/meeting.ts';
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
  // As plan-meetings.ts: the schedule from a day back.
  const { occurrences, problems } = materialiseSchedule(profile, body, new Date(now.getTime() - DAY_MS), HORIZON);
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
      expect(new Date(changes.start ?? '').getTime() - new Date(meeting.start).getTime()).toBeLessThan(7 * DAY_MS);
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
    const tuesdays = materialiseSchedule(profile, weekly, NOW, HORIZON).occurrences.map((o) => o.ruleDate);
    expect(more.missing.map((o) => o.ruleDate)).toEqual(tuesdays.filter((day) => !meetings.some((m) => m.ruleDate === day)));
  });

  it('schedules a date the profile dropped again when a later profile gives it back', () => {
    const monthly = { ...jourFixe, rrule: 'FREQ=MONTHLY;BYDAY=2TU' };
    const dropped = applied(meetings, follow(monthly, meetings).changes);
    const back = follow(jourFixe, dropped);
    expect(back.missing).toEqual([]);
    const cancelled = dropped.filter((m) => m.status === 'cancelled');
    expect(back.changes.map((c) => c.meeting.meetingId).sort()).toEqual(cancelled.map((m) => m.meetingId).sort());
    for (const { changes } of back.changes) expect(changes).toMatchObject({ status: 'scheduled', sequence: 2 });
    expect(follow(jourFixe, applied(dropped, back.changes))).toEqual({ changes: [], missing: [] });
  });

  it('pairs the closest dates first: weekly Wednesday to every other Tuesday keeps the meeting one day away', () => {
    const wednesdays = { ...jourFixe, rrule: 'FREQ=WEEKLY;BYDAY=WE' };
    const weekly = planned(wednesdays);
    const everyOther = { ...jourFixe, rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU' };
    const { changes } = follow(everyOther, weekly);
    const moves = changes.filter((c) => c.changes.ruleDate !== undefined);
    expect(moves.length).toBeGreaterThan(5);
    for (const { meeting, changes: c } of moves) expect(Date.parse(meeting.ruleDate) - Date.parse(c.ruleDate ?? '')).toBe(DAY_MS);
    expect(changes.filter((c) => c.changes.status === 'cancelled').length).toBe(weekly.length - moves.length);
  });

  it('gives a new meeting a free id where a moved meeting holds the plain one', () => {
    expect(freeMeetingId('jour-fixe', '2027-02-09', new Set(['jour-fixe-2027-02-09', 'jour-fixe-2027-02-09-2']))).toBe('jour-fixe-2027-02-09-3');
    expect(MEETING_ID.test('jour-fixe-2027-02-09-3')).toBe(true);
    expect(MEETING_ID.test('jour-fixe-2027-02-09-x')).toBe(false);
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
    // Under a new weekday the hand-moved and the cancelled meeting still stand for their weeks: no second meeting next
    // to them, nothing cancelled or moved; the one-off stays.
    const wednesdays = follow({ ...jourFixe, rrule: 'FREQ=MONTHLY;BYDAY=2WE,4WE' }, mine);
    // Only the one-off's week gets a series meeting of its own (the one-off is not part of the series).
    const dayAfter = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
    expect(wednesdays.missing.map((o) => o.ruleDate)).toEqual([dayAfter(first.ruleDate)]);
    for (const kept of [second, third]) {
      const change = wednesdays.changes.find((c) => c.meeting.meetingId === kept.meetingId)?.changes;
      expect(change?.ruleDate).toBeDefined();
      expect(change?.start).toBeUndefined();
      expect(change?.status).toBeUndefined();
    }
    expect(wednesdays.changes.map((c) => c.meeting.meetingId)).not.toContain(first.meetingId);
    // A one-off from before the mark existed is told by its first agenda item, added when it was created.
    const legacy: MeetingRecord = { ...first, oneOff: undefined, agenda: [{ itemId: 'a', title: 'Vorstellung', addedBy: 'koordination', addedAt: first.createdAt }] };
    expect(follow({ ...jourFixe, rrule: 'FREQ=MONTHLY;BYDAY=2WE,4WE' }, [legacy]).changes).toEqual([]);
    // From just after the fourth meeting's start on, it is past: untouched.
    const after = new Date(new Date(fourth.start).getTime() + 60_000);
    expect(follow(later, mine, after).changes.map((c) => c.meeting.meetingId)).not.toContain(fourth.meetingId);
  });

  it('leaves a meeting later today whose new slot has begun, and keeps a holiday move’s reason true', () => {
    const [first] = meetings;
    if (first === undefined) throw new Error('no meeting');
    // 30 minutes before the first meeting; the profile now starts the Jour fixe two hours earlier: that slot is past.
    const before = new Date(new Date(first.start).getTime() - 30 * 60_000);
    const earlier = { ...jourFixe, start: '08:00' };
    const today = follow(earlier, meetings, before).changes.find((c) => c.meeting.meetingId === first.meetingId);
    expect(today).toBeUndefined();
    // A meeting moved off a holiday to the Wednesday, paired with that Wednesday as its new rule date at the same
    // instant: no move for the recipients, and the holiday reason goes (it is on its rule date now).
    const [, second] = meetings;
    if (second === undefined) throw new Error('no second meeting');
    const shifted = (iso: string): string => new Date(Date.parse(iso) + DAY_MS).toISOString();
    const stale: MeetingRecord = { ...second, start: shifted(second.start), end: shifted(second.end), movedBecause: 'Feiertag' };
    const paired = follow({ ...jourFixe, rrule: 'FREQ=MONTHLY;BYDAY=2WE,4WE' }, [stale]).changes[0]?.changes;
    expect(paired).toEqual({ ruleDate: shifted(second.start).slice(0, 10), movedBecause: undefined });
  });
});
