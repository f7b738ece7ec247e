import { describe, expect, it } from 'vitest';
import type { MeetingRecord } from '../../core/meetings/meeting.ts';
import { planNotifications, type SentRecord } from '../../core/meetings/notification-plan.ts';

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

  it('leaves past meetings alone', () => {
    expect(planNotifications(meeting, [a, b], [], times('2026-12-08T09:00:00Z'))).toEqual([]);
  });
});
