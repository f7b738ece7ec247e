import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../core/calendar/working-days.ts';
import { DEFAULT_PROFILE_PATH, loadProfileFile } from '../../core/profile/load-profile.ts';
import type { DistrictProfile } from '../../core/profile/schema.ts';

const profile = loadProfileFile(DEFAULT_PROFILE_PATH);
const calendar = createWorkingCalendar(profile);

function withChanges(changes: (copy: DistrictProfile) => void): DistrictProfile {
  const copy = structuredClone(profile);
  changes(copy);
  return copy;
}

/** Wall-clock time in Berlin, computed independently of the code under test. */
const berlinTime = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

function nextDate(date: string, step: 1 | -1): string {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + step)).toISOString().slice(0, 10);
}

/** Working days after `from` up to and including `to` (both calendar dates, from < to). */
function workingDaysUpTo(from: string, to: string): number {
  let count = 0;
  for (let date = nextDate(from, 1); date <= to; date = nextDate(date, 1)) if (calendar.isWorkingDay(date)) count += 1;
  return count;
}

describe('public holidays of North Rhine-Westphalia', () => {
  it.each([
    ['2026-12-25', '1. Weihnachtstag'],
    ['2026-12-26', '2. Weihnachtstag'],
    ['2027-01-01', 'Neujahr'],
    ['2026-06-04', 'Fronleichnam'],
    ['2026-11-01', 'Allerheiligen'],
    ['2027-11-01', 'Allerheiligen'],
    ['2027-03-26', 'Karfreitag'],
    ['2026-10-03', 'Tag der Deutschen Einheit'],
  ])('%s is %s and no working day', (date, name) => {
    expect(calendar.holidayName(date)).toBe(name);
    expect(calendar.isWorkingDay(date)).toBe(false);
  });

  it.each([
    ['2026-11-18', 'Buß- und Bettag (a holiday only in Saxony)'],
    ['2026-12-24', 'Heiligabend (no public holiday)'],
    ['2026-02-16', 'Rosenmontag (custom, not law)'],
  ])('%s is a working day: %s', (date) => {
    expect(calendar.holidayName(date)).toBeUndefined();
    expect(calendar.isWorkingDay(date)).toBe(true);
  });

  it('names both holidays when two fall on one day', () => {
    expect(calendar.holidayName('2008-05-01')).toBe('Maifeiertag und Christi Himmelfahrt');
  });

  it('uses the regional holidays, not only the national ones', () => {
    const bavaria = createWorkingCalendar(withChanges((p) => (p.district.holidayRegion.state = 'BY')));
    const berlin = createWorkingCalendar(withChanges((p) => (p.district.holidayRegion.state = 'BE')));
    expect(bavaria.isWorkingDay('2026-06-04')).toBe(false);
    expect(berlin.isWorkingDay('2026-06-04')).toBe(true);
  });

  it('refuses a region it does not know instead of falling back to national holidays', () => {
    // Past the profile schema (which allows only German states), as a hand-built profile could be.
    expect(() => createWorkingCalendar(withChanges((p) => Object.assign(p.district.holidayRegion, { state: 'XX' })))).toThrow(/DE-XX/);
    expect(() => createWorkingCalendar(withChanges((p) => Object.assign(p.district.holidayRegion, { country: 'ZZ' })))).toThrow(/ZZ-NW/);
  });
});

describe('isWorkingDay', () => {
  it('follows the office hours per weekday', () => {
    expect(calendar.isWorkingDay('2026-11-23')).toBe(true); // Monday
    expect(calendar.isWorkingDay('2026-11-27')).toBe(true); // Friday, 08:00–13:00
    expect(calendar.isWorkingDay('2026-11-28')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-11-29')).toBe(false); // Sunday
    const noFridays = createWorkingCalendar(withChanges((p) => (p.officeHours.fri = [])));
    expect(noFridays.isWorkingDay('2026-11-27')).toBe(false);
    expect(noFridays.isWorkingDay('2026-11-26')).toBe(true);
  });

  it('skips configured closing days, which are no holidays', () => {
    const closed = createWorkingCalendar(withChanges((p) => (p.closingDays = ['2026-12-24', '2026-12-31'])));
    expect(closed.isWorkingDay('2026-12-24')).toBe(false);
    expect(closed.isWorkingDay('2026-12-31')).toBe(false);
    expect(closed.isWorkingDay('2026-12-30')).toBe(true);
    expect(closed.holidayName('2026-12-24')).toBeUndefined();
  });

  it.each(['2026-02-30', '2026-13-01', '24.11.2026', '2026-11-24T10:00', ''])('rejects %j', (date) => {
    expect(() => calendar.isWorkingDay(date)).toThrow(RangeError);
    expect(() => calendar.holidayName(date)).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('jumps over Christmas and the weekend', () => {
    // Thursday 24 Dec, 10:00 CET → Friday and Saturday are holidays, Sunday is closed → Monday 28 Dec.
    expect(calendar.addWorkingDays(new Date('2026-12-24T09:00:00Z'), 1).toISOString()).toBe('2026-12-28T09:00:00.000Z');
  });

  it('jumps over Fronleichnam', () => {
    expect(calendar.addWorkingDays(new Date('2026-06-03T07:00:00Z'), 1).toISOString()).toBe('2026-06-05T07:00:00.000Z');
  });

  it('keeps 10:00 local across the change to winter time (last Sunday of October)', () => {
    // Friday 23 Oct 2026 10:00 CEST (UTC+2) → Monday 26 Oct 2026 10:00 CET (UTC+1).
    const monday = calendar.addWorkingDays(new Date('2026-10-23T08:00:00Z'), 1);
    expect(monday.toISOString()).toBe('2026-10-26T09:00:00.000Z');
    expect(berlinTime.format(monday)).toBe('10:00:00');
  });

  it('keeps 10:00 local across the change to summer time, over Easter', () => {
    // Thursday 25 Mar 2027 10:00 CET; Karfreitag, weekend (clocks change on the 28th), Ostermontag → Tuesday 10:00 CEST.
    expect(calendar.addWorkingDays(new Date('2027-03-25T09:00:00Z'), 1).toISOString()).toBe('2027-03-30T08:00:00.000Z');
  });

  it('counts backwards for negative n', () => {
    expect(calendar.addWorkingDays(new Date('2026-10-26T09:00:00Z'), -1).toISOString()).toBe('2026-10-23T08:00:00.000Z');
    expect(calendar.addWorkingDays(new Date('2026-12-28T09:00:00Z'), -2).toISOString()).toBe('2026-12-23T09:00:00.000Z');
  });

  it('starts counting the day after a weekend start and returns the start for n = 0', () => {
    expect(calendar.addWorkingDays(new Date('2026-11-28T11:00:00Z'), 1).toISOString()).toBe('2026-11-30T11:00:00.000Z');
    expect(calendar.addWorkingDays(new Date('2026-11-28T11:00:00.123Z'), 0).toISOString()).toBe('2026-11-28T11:00:00.123Z');
  });

  it('moves a wall-clock time that does not exist forward and takes the first of a repeated one', () => {
    const sundays = createWorkingCalendar(withChanges((p) => (p.officeHours.sun = [{ from: '00:00', to: '23:59' }])));
    // Saturday 02:30 CET → Sunday 29 Mar 2026 02:30 does not exist (02:00 → 03:00) → 03:30 CEST.
    expect(sundays.addWorkingDays(new Date('2026-03-28T01:30:00Z'), 1).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // Saturday 02:30 CEST → Sunday 25 Oct 2026 02:30 happens twice → the first, still CEST.
    expect(sundays.addWorkingDays(new Date('2026-10-24T00:30:00Z'), 1).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('rejects fractional or unsafe n and an invalid start', () => {
    const start = new Date('2026-11-24T09:00:00Z');
    expect(() => calendar.addWorkingDays(start, 1.5)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays(start, Number.NaN)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays(start, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays(new Date(Number.NaN), 1)).toThrow(RangeError);
  });

  it('refuses to search when the profile has no office hours at all', () => {
    const closed = createWorkingCalendar(
      withChanges((p) => {
        for (const day of ['mon', 'tue', 'wed', 'thu', 'fri'] as const) p.officeHours[day] = [];
      }),
    );
    expect(() => closed.addWorkingDays(new Date('2026-11-24T09:00:00Z'), 1)).toThrow(/no office hours/);
  });

  const instants = fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2030-12-31T23:59:59Z'), noInvalidDate: true });

  it('lands on a working day at the same local time (property)', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: -80, max: 80 }).filter((n) => n !== 0), (from, n) => {
        const result = calendar.addWorkingDays(from, n);
        expect(calendar.isWorkingDay(calendar.localDate(result))).toBe(true);
        // Working days are Monday to Friday and clocks change on Sundays, so the wall-clock time always exists.
        expect(berlinTime.format(result)).toBe(berlinTime.format(from));
        expect(result.getUTCMilliseconds()).toBe(from.getUTCMilliseconds());
      }),
    );
  });

  it('has exactly n working days between start and result (property)', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: -80, max: 80 }), (from, n) => {
        const start = calendar.localDate(from);
        const end = calendar.localDate(calendar.addWorkingDays(from, n));
        if (n === 0) expect(end).toBe(start);
        else if (n > 0) expect(workingDaysUpTo(start, end)).toBe(n);
        // Backwards: the result is a working day itself and the start is not counted.
        else expect(workingDaysUpTo(nextDate(end, -1), nextDate(start, -1))).toBe(-n);
      }),
    );
  });
});

describe('localDate', () => {
  it('gives the calendar date in Europe/Berlin, not in UTC', () => {
    expect(calendar.localDate(new Date('2026-10-24T22:30:00Z'))).toBe('2026-10-25'); // 00:30 CEST
    expect(calendar.localDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01'); // 00:30 CET
    expect(calendar.localDate(new Date('2026-12-31T22:59:59Z'))).toBe('2026-12-31');
    expect(() => calendar.localDate(new Date(Number.NaN))).toThrow(RangeError);
  });
});
