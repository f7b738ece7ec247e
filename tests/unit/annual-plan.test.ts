import { describe, expect, it } from 'vitest';
import { defaultPlanYear, meetingsByMonth, parsePlanYear, planRange, planYears } from '../../web/annual-plan.ts';

describe('the annual plan’s year', () => {
  it('opens with the next year from 1 September on, before that with the current one', () => {
    expect(defaultPlanYear('2026-08-31')).toBe(2026);
    expect(defaultPlanYear('2026-09-01')).toBe(2027);
    expect(defaultPlanYear('2026-12-06')).toBe(2027);
    expect(defaultPlanYear('2027-01-01')).toBe(2027);
  });

  it('offers last year, this year and the next (the meetings end with the next year), nothing else', () => {
    expect(planYears('2026-12-06')).toEqual([2025, 2026, 2027]);
    expect(parsePlanYear('2027', '2026-12-06')).toBe(2027);
    for (const bad of ['2028', '2024', '27', 'abc', '2027-01', null]) expect(parsePlanYear(bad, '2026-12-06'), String(bad)).toBeUndefined();
  });

  it('asks the API for a day more on each side (whole UTC days, Düren is ahead)', () => {
    expect(planRange(2027)).toEqual({ from: '2026-12-31', to: '2028-01-01' });
  });
});

describe('meetingsByMonth', () => {
  const at = (id: string, start: string) => ({ id, start });

  it('gives all twelve months, each with its meetings by start, on the wall clock in Düren', () => {
    const months = meetingsByMonth(2027, [
      at('b', '2027-03-11T09:00:00Z'),
      at('a', '2027-03-04T12:00:00Z'),
      // 00:30 on 1 January 2027 in Düren, still 31 December in UTC: January.
      at('new-year', '2026-12-31T23:30:00Z'),
      // 00:30 on 1 January 2028 in Düren: next year, left out; so is the day before the year.
      at('too-late', '2027-12-31T23:30:00Z'),
      at('too-early', '2026-12-31T09:00:00Z'),
      // 1 July 00:30 in summer time (UTC+2) is 30 June 22:30 in UTC: July.
      at('july', '2027-06-30T22:30:00Z'),
    ]);
    expect(months.map((m) => m.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(months.map((m) => m.meetings.map((x) => x.id))).toEqual([['new-year'], [], ['a', 'b'], [], [], [], ['july'], [], [], [], [], []]);
  });
});
