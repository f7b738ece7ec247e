import Holidays from 'date-holidays';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_MOVE_DAYS, materialiseAll, materialiseSchedule } from '../../core/meetings/schedule.ts';
import type { Occurrence } from '../../core/meetings/meeting.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { parseProfile } from '../../core/profile/load-profile.ts';
import { WEEKDAYS, minutesOfDay } from '../../core/profile/schema.ts';
import type { Body, DistrictProfile, HolidayRule, Weekday } from '../../core/profile/schema.ts';

const profile = bundledProfile();
const BERLIN = profile.district.timeZone;

// --- independent oracles: Intl for the Berlin wall clock, date-holidays directly for the NRW holidays ----------

/** "YYYY-MM-DD HH:MM" on the Berlin wall clock (sv-SE formats ISO-like). */
const berlinFormat = new Intl.DateTimeFormat('sv-SE', {
  timeZone: BERLIN,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const berlinWeekdayFormat = new Intl.DateTimeFormat('en-US', { timeZone: BERLIN, weekday: 'short' });
const WEEKDAY_OF_SHORT: Record<string, Weekday> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };

function berlin(instant: Date): { date: string; time: string; weekday: Weekday } {
  const [date = '', time = ''] = berlinFormat.format(instant).split(' ');
  const weekday = WEEKDAY_OF_SHORT[berlinWeekdayFormat.format(instant)];
  if (weekday === undefined) throw new Error(`unexpected weekday for ${instant.toISOString()}`);
  return { date, time, weekday };
}

const nrw = new Holidays('DE', 'NW', { types: ['public'], languages: 'de' });
const holidayCache = new Map<number, Map<string, string>>();
/** Public holidays of NRW in `year`, date → German name. */
function nrwHolidays(year: number): Map<string, string> {
  let byDate = holidayCache.get(year);
  if (byDate === undefined) {
    byDate = new Map(nrw.getHolidays(year).map((holiday) => [holiday.date.slice(0, 10), holiday.name]));
    holidayCache.set(year, byDate);
  }
  return byDate;
}
const holidayOn = (date: string): string | undefined => nrwHolidays(Number(date.slice(0, 4))).get(date);

/** Midnight in Berlin on 1 January: always winter time, so the offset is +01:00. */
const newYear = (year: number): Date => new Date(`${year}-01-01T00:00:00+01:00`);

function shiftDate(date: string, days: number): string {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** The n-th Tuesday of a month, counted the plain way (days 1–7 hold the first). */
function nthTuesday(year: number, month: number, n: number): string {
  const firstWeekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const firstTuesday = 1 + ((2 - firstWeekday + 7) % 7);
  return new Date(Date.UTC(year, month - 1, firstTuesday + 7 * (n - 1))).toISOString().slice(0, 10);
}

function isWorkingDayIn(p: DistrictProfile, date: string, weekday: Weekday): boolean {
  return p.officeHours[weekday].length > 0 && holidayOn(date) === undefined && !p.closingDays.includes(date);
}

/** The meeting lies on a working day and, start to end, inside one office-hours slot of that day. */
function expectProperMeeting(p: DistrictProfile, body: Body, occurrence: Occurrence): void {
  const start = berlin(occurrence.start);
  const end = berlin(occurrence.end);
  expect(start.time).toBe(body.start);
  expect(end.date).toBe(start.date);
  expect(occurrence.end.getTime() - occurrence.start.getTime()).toBe(body.durationMinutes * 60_000);
  expect(start.weekday === 'sat' || start.weekday === 'sun').toBe(false);
  expect(holidayOn(start.date)).toBeUndefined();
  expect(p.closingDays).not.toContain(start.date);
  const slots = p.officeHours[start.weekday];
  const inside = slots.some((slot) => minutesOfDay(slot.from) <= minutesOfDay(start.time) && minutesOfDay(end.time) <= minutesOfDay(slot.to));
  expect(inside, `${body.id} ${start.date} ${start.time}–${end.time} outside ${JSON.stringify(slots)}`).toBe(true);
}

/** A profile with changes, validated like a real one: every variant below is a configuration the schema accepts. */
function variant(changes: (copy: DistrictProfile) => void): DistrictProfile {
  const copy = structuredClone(profile);
  changes(copy);
  return parseProfile(copy, 'test variant');
}

function bodyOf(p: DistrictProfile, id: string): Body {
  const body = p.bodies.find((candidate) => candidate.id === id);
  if (body === undefined) throw new Error(`no body ${id}`);
  return body;
}

/** The Düren profile with one extra body, derived from the Jour fixe. */
function withBody(changes: Partial<Body>, closingDays: string[] = []): { p: DistrictProfile; body: Body } {
  const p = variant((copy) => {
    copy.bodies.push({ ...bodyOf(copy, 'jour-fixe'), id: 'test-body', name: 'Testgremium', ...changes });
    copy.closingDays = closingDays;
  });
  return { p, body: bodyOf(p, 'test-body') };
}

// --- the Düren profile over full years -------------------------------------------------------------------------

describe.each([2026, 2027])('the Kreis Düren profile in %i', (year) => {
  const schedule = materialiseAll(profile, newYear(year), newYear(year + 1));
  const jourFixe = bodyOf(profile, 'jour-fixe');
  const jourFixeMeetings = schedule.occurrences.filter((o) => o.bodyId === 'jour-fixe');

  it('reports no problems', () => {
    expect(schedule.problems).toEqual([]);
  });

  it('has exactly two Jour fixe meetings in every month, on the 2nd and 4th Tuesday unless moved', () => {
    for (let month = 1; month <= 12; month += 1) {
      const prefix = `${year}-${String(month).padStart(2, '0')}`;
      const inMonth = jourFixeMeetings.filter((o) => berlin(o.start).date.startsWith(prefix));
      expect(inMonth, prefix).toHaveLength(2);
      expect(inMonth.map((o) => o.ruleDate)).toEqual([nthTuesday(year, month, 2), nthTuesday(year, month, 4)]);
    }
    expect(jourFixeMeetings).toHaveLength(24);
  });

  it('puts every meeting on a working day (no weekend, no NRW public holiday) within office hours', () => {
    for (const occurrence of schedule.occurrences) expectProperMeeting(profile, bodyOf(profile, occurrence.bodyId), occurrence);
    expect(jourFixeMeetings.every((o) => berlin(o.start).time === jourFixe.start)).toBe(true);
  });

  it('lets every committee meet as often as its rule says: twice a year', () => {
    const committees = profile.bodies.filter((body) => body.kind !== 'jourFixe');
    expect(committees.map((body) => body.id)).toEqual(['steering-group', 'ak-migration', 'ak-frauen', 'ak-fluechtlingsarbeit', 'integrationskurskonferenz']);
    for (const body of committees) {
      // Each rule names one ordinal weekday per listed month, so the months are the configured meetings.
      const configured = (/BYMONTH=([\d,]+)/.exec(body.rrule)?.[1] ?? '').split(',').length;
      expect(configured).toBe(2);
      expect(schedule.occurrences.filter((o) => o.bodyId === body.id), body.id).toHaveLength(configured);
    }
  });

  it('keeps Jour fixe at 10:00 local time: 09:00 UTC in winter, 08:00 UTC in summer', () => {
    for (const occurrence of jourFixeMeetings) {
      const { date } = berlin(occurrence.start);
      // Summer time runs from the last Sunday of March to the last Sunday of October (EU rule, computed here by
      // hand rather than taken from the code under test); a meeting never falls on those Sundays.
      const lastSunday = (month: number): string => {
        const last = new Date(Date.UTC(year, month, 0));
        return shiftDate(last.toISOString().slice(0, 10), -last.getUTCDay());
      };
      const summer = date > lastSunday(3) && date < lastSunday(10);
      expect(occurrence.start.getUTCHours(), date).toBe(summer ? 8 : 9);
      expect(occurrence.start.getUTCMinutes()).toBe(0);
    }
  });
});

// --- moving off holidays, weekends and closing days ------------------------------------------------------------

describe('rule dates that are no working day', () => {
  const jourFixe = bodyOf(profile, 'jour-fixe');

  it('moves every Jour fixe that falls on an NRW holiday (2026–2035) to the next working day, named by the holiday', () => {
    const cases: { ruleDate: string; holiday: string }[] = [];
    for (let year = 2026; year <= 2035; year += 1)
      for (let month = 1; month <= 12; month += 1)
        for (const ruleDate of [nthTuesday(year, month, 2), nthTuesday(year, month, 4)]) {
          const holiday = holidayOn(ruleDate);
          if (holiday !== undefined) cases.push({ ruleDate, holiday });
        }
    // Christmas on a 4th Tuesday: 2028-12-26, 2029-12-25, 2034-12-26, 2035-12-25.
    expect(cases.map((c) => c.ruleDate)).toEqual(['2028-12-26', '2029-12-25', '2034-12-26', '2035-12-25']);

    const { occurrences, problems } = materialiseSchedule(profile, jourFixe, newYear(2026), newYear(2036));
    expect(problems).toEqual([]);
    expect(occurrences).toHaveLength(10 * 24);
    for (const { ruleDate, holiday } of cases) {
      const occurrence = occurrences.find((o) => o.ruleDate === ruleDate);
      expect(occurrence?.movedBecause).toBe(holiday);
      // Both Christmas days are holidays, so the next working day is the 27th (a Wednesday or Thursday).
      expect(berlin(occurrence?.start ?? new Date(Number.NaN)).date).toBe(`${ruleDate.slice(0, 4)}-12-27`);
    }
    const unmoved = occurrences.filter((o) => !cases.some((c) => c.ruleDate === o.ruleDate));
    expect(unmoved.every((o) => o.movedBecause === undefined && berlin(o.start).date === o.ruleDate)).toBe(true);
  });

  it('gives the exact instants of a moved meeting (1. Weihnachtstag 2029 → Thursday 27 December, 10:00–12:00)', () => {
    const { occurrences } = materialiseSchedule(profile, jourFixe, new Date('2029-12-01T00:00:00+01:00'), newYear(2030));
    expect(occurrences).toEqual([
      { bodyId: 'jour-fixe', ruleDate: '2029-12-11', start: new Date('2029-12-11T09:00:00Z'), end: new Date('2029-12-11T11:00:00Z') },
      {
        bodyId: 'jour-fixe',
        ruleDate: '2029-12-25',
        start: new Date('2029-12-27T09:00:00Z'),
        end: new Date('2029-12-27T11:00:00Z'),
        movedBecause: '1. Weihnachtstag',
      },
    ]);
  });

  it('moves to the previous working day when the body says so', () => {
    const p = variant((copy) => (bodyOf(copy, 'jour-fixe').holidayRule = 'previousWorkingDay'));
    const { occurrences, problems } = materialiseSchedule(p, bodyOf(p, 'jour-fixe'), new Date('2029-12-01T00:00:00+01:00'), newYear(2030));
    expect(problems).toEqual([]);
    const moved = occurrences.find((o) => o.ruleDate === '2029-12-25');
    // Heiligabend is no public holiday, so Monday 24 December is a working day.
    expect(moved).toMatchObject({ start: new Date('2029-12-24T09:00:00Z'), movedBecause: '1. Weihnachtstag' });
  });

  it('reports a skipped meeting instead of moving it when the body says "skip"', () => {
    const p = variant((copy) => (bodyOf(copy, 'jour-fixe').holidayRule = 'skip'));
    const { occurrences, problems } = materialiseSchedule(p, bodyOf(p, 'jour-fixe'), new Date('2029-12-01T00:00:00+01:00'), newYear(2030));
    expect(occurrences.map((o) => o.ruleDate)).toEqual(['2029-12-11']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ bodyId: 'jour-fixe', ruleDate: '2029-12-25' });
    expect(problems[0]?.problem).toContain('Jour fixe Case-Management');
    expect(problems[0]?.problem).toContain('Dienstag, 25.12.2029');
    expect(problems[0]?.problem).toContain('1. Weihnachtstag');
    expect(problems[0]?.problem).toContain('entfällt');
  });

  it('moves off a configured closing day, reported as "Schließtag"', () => {
    const p = variant((copy) => (copy.closingDays = ['2026-07-14']));
    const { occurrences } = materialiseSchedule(p, bodyOf(p, 'jour-fixe'), new Date('2026-07-01T00:00:00+02:00'), new Date('2026-08-01T00:00:00+02:00'));
    expect(occurrences.map((o) => [o.ruleDate, berlin(o.start).date, o.movedBecause])).toEqual([
      ['2026-07-14', '2026-07-15', 'Schließtag'],
      ['2026-07-28', '2026-07-28', undefined],
    ]);
  });

  it('moves off a weekend ("Wochenende") and names a holiday even when it falls on a weekend', () => {
    const { p, body } = withBody({ rrule: 'FREQ=MONTHLY;BYMONTHDAY=1' });
    const { occurrences, problems } = materialiseSchedule(p, body, new Date('2026-08-01T00:00:00+02:00'), newYear(2027));
    expect(problems).toEqual([]);
    expect(occurrences.map((o) => [o.ruleDate, berlin(o.start).date, o.movedBecause])).toEqual([
      ['2026-08-01', '2026-08-03', 'Wochenende'], // Saturday
      ['2026-09-01', '2026-09-01', undefined],
      ['2026-10-01', '2026-10-01', undefined],
      ['2026-11-01', '2026-11-02', 'Allerheiligen'], // a Sunday and a holiday
      ['2026-12-01', '2026-12-01', undefined],
    ]);
  });

  it('reports a move that would need more than a week', () => {
    // Closed for the whole Christmas fortnight: no working day within seven days of 22 December.
    const closed = Array.from({ length: 14 }, (_, i) => shiftDate('2026-12-21', i));
    const p = variant((copy) => (copy.closingDays = closed));
    const { occurrences, problems } = materialiseSchedule(p, bodyOf(p, 'jour-fixe'), new Date('2026-12-01T00:00:00+01:00'), newYear(2027));
    expect(occurrences.map((o) => o.ruleDate)).toEqual(['2026-12-08']);
    expect(problems).toEqual([{ bodyId: 'jour-fixe', ruleDate: '2026-12-22', problem: expect.stringContaining(`in den ${MAX_MOVE_DAYS} Tagen danach`) as unknown }]);
    expect(problems[0]?.problem).toContain('Schließtag');
  });

  it('does not move a meeting onto a day the body already meets', () => {
    const { p, body } = withBody({ rrule: 'FREQ=DAILY' });
    const { occurrences, problems } = materialiseSchedule(p, body, new Date('2026-09-07T00:00:00+02:00'), new Date('2026-09-08T00:00:00+02:00'));
    // Monday 7 September meets on its own date; Saturday 5th and Sunday 6th would both move onto it.
    expect(occurrences.map((o) => o.ruleDate)).toEqual(['2026-09-07']);
    expect(problems.map((problem) => problem.ruleDate)).toEqual(['2026-09-05', '2026-09-06']);
    expect(problems.every((problem) => problem.problem.includes('Montag, 07.09.2026'))).toBe(true);
  });
});

// --- office hours ---------------------------------------------------------------------------------------------

describe('office hours', () => {
  it('reports a Thursday 14:00 meeting that a holiday would push onto a Friday (office closes at 13:00)', () => {
    // The schema accepts this body: 14:00–15:30 fits a Thursday. Only the move to Friday breaks it.
    const { p, body } = withBody({ name: 'Donnerstagsrunde', rrule: 'FREQ=WEEKLY;BYDAY=TH', start: '14:00', durationMinutes: 90 });
    const { occurrences, problems } = materialiseSchedule(p, body, new Date('2026-05-01T00:00:00+02:00'), new Date('2026-06-01T00:00:00+02:00'));
    expect(occurrences.map((o) => o.ruleDate)).toEqual(['2026-05-07', '2026-05-21', '2026-05-28']);
    expect(occurrences.some((o) => berlin(o.start).weekday === 'fri')).toBe(false);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ bodyId: 'test-body', ruleDate: '2026-05-14' });
    const text = problems[0]?.problem ?? '';
    for (const part of ['Donnerstagsrunde', 'Donnerstag, 14.05.2026', 'Christi Himmelfahrt', 'Freitag, 15.05.2026', '14:00–15:30', '08:00–13:00'])
      expect(text).toContain(part);
  });

  it('reports a rule date that is a working day but outside office hours, without shifting the time', () => {
    // No BYDAY, so the schema cannot tell that the 15th is sometimes a Friday.
    const { p, body } = withBody({ rrule: 'FREQ=MONTHLY;BYMONTHDAY=15', start: '14:00', durationMinutes: 60 });
    const { occurrences, problems } = materialiseSchedule(p, body, new Date('2026-05-01T00:00:00+02:00'), new Date('2026-06-01T00:00:00+02:00'));
    expect(occurrences).toEqual([]);
    expect(problems).toEqual([{ bodyId: 'test-body', ruleDate: '2026-05-15', problem: expect.stringContaining('Freitag, 15.05.2026') as unknown }]);
    expect(problems[0]?.problem).toContain('08:00–13:00');
  });
});

// --- daylight saving ------------------------------------------------------------------------------------------

describe('daylight-saving changes', () => {
  const { p, body } = withBody({ rrule: 'FREQ=WEEKLY;BYDAY=MO', start: '10:00', durationMinutes: 60 });
  const startsOf = (from: string, to: string): string[][] =>
    materialiseSchedule(p, body, new Date(from), new Date(to)).occurrences.map((o) => [o.ruleDate, berlin(o.start).time, o.start.toISOString(), o.movedBecause ?? '']);

  it('keeps 10:00 local on the Monday after the spring change (29 March 2026); UTC moves from 09:00 to 08:00', () => {
    expect(startsOf('2026-03-23T00:00:00+01:00', '2026-04-01T00:00:00+02:00')).toEqual([
      ['2026-03-23', '10:00', '2026-03-23T09:00:00.000Z', ''],
      ['2026-03-30', '10:00', '2026-03-30T08:00:00.000Z', ''],
    ]);
  });

  it('keeps 10:00 local on the Monday after the autumn change (25 October 2026); UTC moves from 08:00 to 09:00', () => {
    expect(startsOf('2026-10-19T00:00:00+02:00', '2026-10-27T00:00:00+01:00')).toEqual([
      ['2026-10-19', '10:00', '2026-10-19T08:00:00.000Z', ''],
      ['2026-10-26', '10:00', '2026-10-26T09:00:00.000Z', ''],
    ]);
  });

  it('also for meetings moved across the change (Ostermontag 2027 is the day after the spring change)', () => {
    expect(startsOf('2027-03-22T00:00:00+01:00', '2027-04-01T00:00:00+02:00')).toEqual([
      ['2027-03-22', '10:00', '2027-03-22T09:00:00.000Z', ''],
      ['2027-03-29', '10:00', '2027-03-30T08:00:00.000Z', 'Ostermontag'],
    ]);
    // Allerheiligen 2027 is the Monday right after the autumn change (31 October).
    expect(startsOf('2027-10-25T00:00:00+02:00', '2027-11-03T00:00:00+01:00')).toEqual([
      ['2027-10-25', '10:00', '2027-10-25T08:00:00.000Z', ''],
      ['2027-11-01', '10:00', '2027-11-02T09:00:00.000Z', 'Allerheiligen'],
    ]);
  });
});

// --- windows and rule details ---------------------------------------------------------------------------------

describe('windows', () => {
  const { p } = withBody({ rrule: 'FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1' });
  const key = (o: Occurrence): string => `${o.bodyId} ${o.ruleDate} ${o.start.toISOString()}`;

  it('yields every meeting exactly once when adjacent windows are materialised one after the other', () => {
    const whole = materialiseAll(p, newYear(2026), newYear(2028));
    // The split lies between a rule date (Sunday 1 November 2026, Allerheiligen) and the Monday it moves to.
    const split = new Date('2026-11-01T12:00:00+01:00');
    const first = materialiseAll(p, newYear(2026), split);
    const second = materialiseAll(p, split, newYear(2028));
    expect([...first.occurrences, ...second.occurrences].map(key)).toEqual(whole.occurrences.map(key));
    expect(second.occurrences.find((o) => o.bodyId === 'test-body')).toMatchObject({ ruleDate: '2026-11-01', movedBecause: 'Allerheiligen' });
  });

  it('produces the same rule dates whatever the window starts with (every other month stays every other month)', () => {
    const whole = materialiseAll(p, newYear(2026), newYear(2028)).occurrences;
    for (const from of ['2026-02-10T00:00:00+01:00', '2026-03-01T00:00:00+01:00', '2026-06-17T00:00:00+02:00', '2027-01-01T00:00:00+01:00']) {
      const part = materialiseAll(p, new Date(from), newYear(2028)).occurrences;
      expect(part.map(key)).toEqual(whole.filter((o) => o.start >= new Date(from)).map(key));
    }
    const testBodyMonths = whole.filter((o) => o.bodyId === 'test-body').map((o) => o.ruleDate.slice(5, 7));
    expect(testBodyMonths).toEqual(['01', '03', '05', '07', '09', '11', '01', '03', '05', '07', '09', '11']);
  });

  it('returns nothing for an empty window and rejects invalid instants', () => {
    expect(materialiseAll(profile, newYear(2027), newYear(2026))).toEqual({ occurrences: [], problems: [] });
    expect(() => materialiseAll(profile, new Date(Number.NaN), newYear(2026))).toThrow(RangeError);
  });
});

describe('rule details', () => {
  const window = [newYear(2026), new Date('2026-04-01T00:00:00+02:00')] as const;
  const ruleDates = (rrule: string): string[] => {
    const { p, body } = withBody({ rrule });
    return materialiseSchedule(p, body, ...window).occurrences.map((o) => o.ruleDate);
  };

  it('honours UNTIL as a date (inclusive) and as a UTC instant compared with the start time', () => {
    expect(ruleDates('FREQ=MONTHLY;BYDAY=2TU,4TU;UNTIL=20260310')).toEqual(['2026-01-13', '2026-01-27', '2026-02-10', '2026-02-24', '2026-03-10']);
    // 10 March 2026, 10:00 in Berlin is 09:00 UTC.
    expect(ruleDates('FREQ=MONTHLY;BYDAY=2TU,4TU;UNTIL=20260310T090000Z').at(-1)).toBe('2026-03-10');
    expect(ruleDates('FREQ=MONTHLY;BYDAY=2TU,4TU;UNTIL=20260310T085959Z').at(-1)).toBe('2026-02-24');
    // A floating UNTIL is Berlin wall-clock time.
    expect(ruleDates('FREQ=MONTHLY;BYDAY=2TU,4TU;UNTIL=20260310T100000').at(-1)).toBe('2026-03-10');
    expect(ruleDates('FREQ=MONTHLY;BYDAY=2TU,4TU;UNTIL=20260310T095900').at(-1)).toBe('2026-02-24');
  });

  it('reports COUNT, which has no meaning without a series start, instead of guessing one', () => {
    const { p, body } = withBody({ rrule: 'FREQ=MONTHLY;BYDAY=2TU;COUNT=3' });
    const { occurrences, problems } = materialiseSchedule(p, body, ...window);
    expect(occurrences).toEqual([]);
    expect(problems).toEqual([{ bodyId: 'test-body', ruleDate: '2026-01-01', problem: expect.stringContaining('COUNT') as unknown }]);
  });

  it('reports a rule rrule cannot use, without failing the other bodies', () => {
    const { p } = withBody({ rrule: 'FREQ=MONTHLY;BYSETPOS=0;BYDAY=MO' });
    const { occurrences, problems } = materialiseAll(p, ...window);
    expect(problems.map((problem) => problem.bodyId)).toEqual(['test-body']);
    expect(occurrences.filter((o) => o.bodyId === 'jour-fixe')).toHaveLength(6);
  });
});

// --- property ------------------------------------------------------------------------------------------------

describe('random bodies (property)', () => {
  const DAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
  const byDay = fc.uniqueArray(fc.tuple(fc.constantFrom('', '1', '2', '3', '4', '-1'), fc.constantFrom(...DAY_CODES)), {
    minLength: 1,
    maxLength: 3,
    selector: ([, day]) => day,
  });
  const rrule = fc.oneof(
    fc.tuple(fc.integer({ min: 1, max: 3 }), byDay).map(([interval, days]) => `FREQ=MONTHLY;INTERVAL=${interval};BYDAY=${days.map(([n, d]) => `${n}${d}`).join(',')}`),
    fc.tuple(fc.integer({ min: 1, max: 3 }), byDay).map(([interval, days]) => `FREQ=WEEKLY;INTERVAL=${interval};BYDAY=${days.map(([, d]) => d).join(',')}`),
    fc.integer({ min: 1, max: 28 }).map((day) => `FREQ=MONTHLY;BYMONTHDAY=${day}`),
    fc.integer({ min: 1, max: 10 }).map((interval) => `FREQ=DAILY;INTERVAL=${interval}`),
    fc
      .tuple(fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 4 }), fc.constantFrom(...DAY_CODES), fc.integer({ min: 1, max: 4 }))
      .map(([months, day, n]) => `FREQ=YEARLY;BYMONTH=${months.join(',')};BYDAY=${n}${day}`),
  );
  const time = fc.tuple(fc.integer({ min: 7, max: 15 }), fc.constantFrom(0, 15, 30, 45)).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
  const holidayRule = fc.constantFrom<HolidayRule>('nextWorkingDay', 'previousWorkingDay', 'skip');
  const closingDay = fc.tuple(fc.integer({ min: 2026, max: 2031 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
    .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

  it('puts every occurrence on a working day within office hours, near its rule date, once per day', () => {
    const numRuns = 150;
    // Guards against a vacuous property: many random bodies must actually produce meetings.
    let runsWithMeetings = 0;
    fc.assert(
      fc.property(
        rrule,
        time,
        fc.integer({ min: 15, max: 240 }),
        holidayRule,
        fc.uniqueArray(closingDay, { maxLength: 20 }),
        fc.integer({ min: 2026, max: 2030 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 6 }),
        (rule, start, durationMinutes, moveRule, closingDays, year, month, months) => {
          const base = bodyOf(profile, 'jour-fixe');
          const body: Body = { ...base, id: 'random', rrule: rule, start, durationMinutes, holidayRule: moveRule };
          const p: DistrictProfile = { ...profile, closingDays, bodies: [body] };
          const from = new Date(Date.UTC(year, month - 1, 1));
          const to = new Date(Date.UTC(year, month - 1 + months, 1));
          const { occurrences, problems } = materialiseSchedule(p, body, from, to);

          if (occurrences.length > 0) runsWithMeetings += 1;
          const days = new Set<string>();
          for (const occurrence of occurrences) {
            expectProperMeeting(p, body, occurrence);
            const { date, weekday } = berlin(occurrence.start);
            expect(isWorkingDayIn(p, date, weekday)).toBe(true);
            expect(occurrence.start >= from && occurrence.start < to).toBe(true);
            expect(days.has(date)).toBe(false);
            days.add(date);
            // Unmoved exactly when the rule date is a working day; moved at most a week, in the body's direction.
            const ruleWeekday = WEEKDAYS[(new Date(`${occurrence.ruleDate}T00:00:00Z`).getUTCDay() + 6) % 7] ?? 'mon';
            if (isWorkingDayIn(p, occurrence.ruleDate, ruleWeekday)) {
              expect(date).toBe(occurrence.ruleDate);
              expect(occurrence.movedBecause).toBeUndefined();
            } else {
              expect(body.holidayRule).not.toBe('skip');
              expect(occurrence.movedBecause).toBeTypeOf('string');
              const lo = body.holidayRule === 'nextWorkingDay' ? shiftDate(occurrence.ruleDate, 1) : shiftDate(occurrence.ruleDate, -MAX_MOVE_DAYS);
              const hi = body.holidayRule === 'nextWorkingDay' ? shiftDate(occurrence.ruleDate, MAX_MOVE_DAYS) : shiftDate(occurrence.ruleDate, -1);
              expect(date >= lo && date <= hi, `${occurrence.ruleDate} → ${date}`).toBe(true);
            }
          }
          // A rule date is either a meeting or a problem, never both, and never twice.
          const ruleDates = [...occurrences, ...problems].map((entry) => entry.ruleDate);
          expect(new Set(ruleDates).size).toBe(ruleDates.length);
          expect(problems.every((problem) => problem.bodyId === 'random' && problem.problem.length > 0)).toBe(true);
        },
      ),
      { numRuns },
    );
    expect(runsWithMeetings).toBeGreaterThan(numRuns / 4);
    // 150 random years of schedules: about 2 s alone, several times that on a loaded 2-core CI machine.
  }, 60_000);
});
