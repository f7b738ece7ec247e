/**
 * GET /api/meetings answers a bounded range (core/meetings/meeting-admin.ts listMeetings): a calendar year with a day
 * on each side (the annual plan) and the default range (a month back to the end of the next calendar year) pass; a
 * wider one is refused with a German error on `to` before anything is read.
 */
import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../core/calendar/working-days.ts';
import { ManualClock } from '../../core/clock.ts';
import { Refusal } from '../../core/errors.ts';
import type { Caller } from '../../core/identity/caller.ts';
import { listMeetings, type MeetingDependencies } from '../../core/meetings/meeting-admin.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';

const caseManager: Caller = { userId: 'ayse-yilmaz', email: 'ayse.yilmaz@traeger-a.example', roles: ['casemanager'] };

function setUp() {
  const asked: [string, string][] = [];
  const profile = bundledProfile();
  const meetings = {
    listMeetings: (from: Date, to: Date) => {
      asked.push([from.toISOString(), to.toISOString()]);
      return Promise.resolve([]);
    },
  };
  // Only listMeetings is read; the rest of the repository stays out of this test.
  const deps = { profile, clock: new ManualClock(new Date('2026-12-06T08:00:00Z')), calendar: createWorkingCalendar(profile), meetings } as unknown as MeetingDependencies;
  return { deps, asked };
}

describe('the range of GET /api/meetings', () => {
  it('answers the annual plan’s year and the default range', async () => {
    const { deps, asked } = setUp();
    await listMeetings(deps, caseManager, { from: '2026-12-31', to: '2028-01-01' });
    await listMeetings(deps, caseManager, {});
    expect(asked).toEqual([
      ['2026-12-31T00:00:00.000Z', '2028-01-01T23:59:59.000Z'],
      // A month back, and the end of the next calendar year in Düren (1 January 2028, 00:00 CET).
      ['2026-11-05T08:00:00.000Z', '2027-12-31T23:00:00.000Z'],
    ]);
  });

  it('refuses a wider range on the field `to`, reading nothing', async () => {
    const { deps, asked } = setUp();
    const refusal = await listMeetings(deps, caseManager, { from: '2020-01-01', to: '2027-12-31' }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(Refusal);
    expect((refusal as Refusal).errors).toEqual([{ field: 'to', message: 'darf höchstens 800 Tage nach dem Beginn des Zeitraums liegen' }]);
    expect(asked).toEqual([]);
  });
});
