import { describe, expect, it } from 'vitest';
import type { MeetingRecord } from '../../core/meetings/meeting.ts';
import { planNotifications, remindsOfCurrentStart, type SentRecord } from '../../core/meetings/notification-plan.ts';

const meeting: MeetingRecord = {
  meetingId: 'jour-fixe-2026-12-08',
  bodyId: 'jour-fixe',
  version: 1,
  sequence: 0,
  ruleDate: '2026-12-08',
  start: '2026-12-08T09:00:00.000Z',
  end: '2026-12-08T11:00:00.000Z',
  location: 'Kreishaus',
  status: 'scheduled',
  agenda: [],
  guests: [],
  changeLog: [],
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
};
const a = { name: 'A', email: 'a@x.example' };
const b = { name: 'B', email: 'b@x.example' };
const times = (now: string) => ({ now: new Date(now), invitationFrom: new Date('2026-11-24T09:00:00Z'), reminderFrom: new Date('2026-12-04T09:00:00Z') });
const kinds = (plan: ReturnType<typeof planNotifications>) => plan.map((p) => `${p.kind}:${String(p.sequence)}:${p.recipient.email}`);

describe('meeting notification plan', () => {
  it('invites nobody before the lead time and everybody after it, once', () => {
    expect(planNotifications(meeting, [a, b], [], times('2026-11-20T09:00:00Z'))).toEqual([]);
    expect(kinds(planNotifications(meeting, [a, b], [], times('2026-11-25T09:00:00Z')))).toEqual(['invitation:0:a@x.example', 'invitation:0:b@x.example']);
    const sent: SentRecord[] = [{ kind: 'invitation', sequence: 0, email: 'a@x.example' }, { kind: 'invitation', sequence: 0, email: 'B@X.example' }];
    expect(planNotifications(meeting, [a, b], sent, times('2026-11-25T09:00:00Z'))).toEqual([]);
  });

  it('sends an update for a raised sequence and a reminder in the reminder window', () => {
    const sent: SentRecord[] = [{ kind: 'invitation', sequence: 0, email: 'a@x.example' }];
    expect(kinds(planNotifications({ ...meeting, sequence: 2 }, [a], sent, times('2026-12-05T09:00:00Z')))).toEqual(['update:2:a@x.example', 'reminder:2:a@x.example']);
  });

  it('cancels for everyone holding the entry when the meeting is cancelled, and for a member who left', () => {
    const sent: SentRecord[] = [{ kind: 'invitation', sequence: 0, email: 'a@x.example' }, { kind: 'invitation', sequence: 0, email: 'b@x.example' }];
    expect(kinds(planNotifications({ ...meeting, status: 'cancelled', sequence: 1 }, [a, b], sent, times('2026-11-26T09:00:00Z')))).toEqual([
      'cancellation:1:a@x.example',
      'cancellation:1:b@x.example',
    ]);
    expect(kinds(planNotifications(meeting, [a], sent, times('2026-11-26T09:00:00Z')))).toEqual(['cancellation:0:b@x.example']);
    const cancelled: SentRecord[] = [...sent, { kind: 'cancellation', sequence: 0, email: 'b@x.example' }];
    expect(planNotifications(meeting, [a], cancelled, times('2026-11-26T09:00:00Z'))).toEqual([]);
  });

  describe('reminders: one per meeting, recipient and start', () => {
    const reminderTime = times('2026-12-05T09:00:00Z');
    const invited: SentRecord = { kind: 'invitation', sequence: 0, email: 'a@x.example', start: meeting.start };
    const reminded: SentRecord = { kind: 'reminder', sequence: 0, email: 'a@x.example', start: meeting.start };
    const newPlace = { ...meeting, sequence: 1, location: 'Rathaus', changeLog: [{ sequence: 1, changes: ['location' as const] }] };
    const newDay = { ...meeting, sequence: 1, start: '2026-12-07T09:00:00.000Z', end: '2026-12-07T11:00:00.000Z', changeLog: [{ sequence: 1, changes: ['time' as const] }] };

    it('sends the reminder once while the start stays', () => {
      expect(kinds(planNotifications(meeting, [a], [invited], reminderTime))).toEqual(['reminder:0:a@x.example']);
      expect(planNotifications(meeting, [a], [invited, reminded], reminderTime)).toEqual([]);
    });

    it('a change of place, agenda or guests sends the update, not the reminder again', () => {
      expect(kinds(planNotifications(newPlace, [a], [invited, reminded], reminderTime))).toEqual(['update:1:a@x.example']);
      const agendaAndGuests = { ...newPlace, sequence: 3, changeLog: [...newPlace.changeLog, { sequence: 2, changes: ['agenda' as const] }, { sequence: 3, changes: ['guests' as const] }] };
      expect(kinds(planNotifications(agendaAndGuests, [a], [invited, reminded], reminderTime))).toEqual(['update:3:a@x.example']);
    });

    it('a change of date or time sends the reminder once more, for the new start', () => {
      expect(kinds(planNotifications(newDay, [a], [invited, reminded], reminderTime))).toEqual(['update:1:a@x.example', 'reminder:1:a@x.example']);
      const remindedAgain: SentRecord = { kind: 'reminder', sequence: 1, email: 'a@x.example', start: newDay.start };
      const updated: SentRecord = { kind: 'update', sequence: 1, email: 'a@x.example', start: newDay.start };
      expect(planNotifications(newDay, [a], [invited, reminded, updated, remindedAgain], reminderTime)).toEqual([]);
    });

    it('counts a reminder marker written before markers carried the start while no later change moved the meeting', () => {
      const old: SentRecord = { kind: 'reminder', sequence: 0, email: 'a@x.example' };
      expect(planNotifications(meeting, [a], [invited, old], reminderTime)).toEqual([]);
      expect(kinds(planNotifications(newPlace, [a], [invited, old], reminderTime))).toEqual(['update:1:a@x.example']);
      expect(kinds(planNotifications(newDay, [a], [invited, old], reminderTime))).toEqual(['update:1:a@x.example', 'reminder:1:a@x.example']);
      // Sent after the move (sequence 1): it reminds of the new start.
      expect(kinds(planNotifications(newDay, [a], [invited, { ...old, sequence: 1 }], reminderTime))).toEqual(['update:1:a@x.example']);
    });

    it('compares starts as instants, not as spellings', () => {
      expect(remindsOfCurrentStart(meeting, { ...reminded, start: '2026-12-08T10:00:00+01:00' })).toBe(true);
      expect(remindsOfCurrentStart(newDay, reminded)).toBe(false);
    });
  });

  it('leaves past meetings alone', () => {
    expect(planNotifications(meeting, [a, b], [], times('2026-12-08T09:00:00Z'))).toEqual([]);
  });
});
