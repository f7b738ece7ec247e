/**
 * The KPI counters keep "in time" as a lag in working days (core/reports/kpi-calendar.ts); the report's rule is a
 * deadline: on or before the N-th working day after the start (calendar.addWorkingDays). The two must agree for every
 * start day, event day and target — weekends, NRW's holidays (Christmas to New Year, Easter, Fronleichnam) and
 * the profile's closing days included.
 */
import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../core/calendar/working-days.ts';
import { zonedInstant } from '../../core/calendar/zoned-time.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { kpiCalendarOf, LAG_CAP, workingDaysLag } from '../../core/reports/kpi-calendar.ts';
import { DAY_MS } from '../../core/clock.ts';

const plusDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

describe('the lag in working days', () => {
  const profile = bundledProfile();
  const calendar = createWorkingCalendar(profile);
  const kpi = kpiCalendarOf(profile);
  const deadline = (start: string, n: number): string => calendar.localDate(calendar.addWorkingDays(zonedInstant(start, '12:00', profile.district.timeZone), n));

  it('is within a target of N working days exactly when the event is on or before the deadline', () => {
    const starts = ['2026-12-18', '2026-12-23', '2026-12-24', '2026-12-26', '2027-03-24', '2027-05-22', '2026-06-03', '2026-11-27', '2026-11-28'];
    let compared = 0;
    for (const start of starts) {
      for (let after = 0; after <= 30; after += 1) {
        const event = plusDays(start, after);
        const lag = workingDaysLag(kpi, start, event);
        for (let target = 0; target <= 15; target += 1) {
          expect({ start, event, target, inTime: lag <= target }).toEqual({ start, event, target, inTime: event <= deadline(start, target) });
          compared += 1;
        }
      }
    }
    expect(compared).toBe(9 * 31 * 16);
  });

  it('agrees with the deadline up to the longest target a profile may set', () => {
    for (const start of ['2026-12-23', '2027-05-22']) {
      for (let after = 150; after <= 200; after += 7) {
        const event = plusDays(start, after);
        const lag = workingDaysLag(kpi, start, event);
        for (const target of [100, 110, 119, 120]) expect({ start, event, target, inTime: lag <= target }).toEqual({ start, event, target, inTime: event <= deadline(start, target) });
      }
    }
  });

  it('counts an event on the start day or before it as no lag, and stops counting at the cap', () => {
    expect(workingDaysLag(kpi, '2026-11-24', '2026-11-24')).toBe(0);
    expect(workingDaysLag(kpi, '2026-11-24', '2026-11-20')).toBe(0);
    // Tuesday → Wednesday: the first working day after the start.
    expect(workingDaysLag(kpi, '2026-11-24', '2026-11-25')).toBe(1);
    // Friday → Saturday: before Monday, the first working day's deadline, and after Friday's own: 1; Monday itself too.
    expect(workingDaysLag(kpi, '2026-11-27', '2026-11-28')).toBe(1);
    expect(workingDaysLag(kpi, '2026-11-27', '2026-11-30')).toBe(1);
    expect(workingDaysLag(kpi, '2026-01-05', '2027-01-05')).toBe(LAG_CAP);
  });
});
