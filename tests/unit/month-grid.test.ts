import { describe, expect, it } from 'vitest';
import { addMonths, formatMonth, gridRange, isoWeekNumber, monthGrid, monthLabel, parseMonth, type MonthGrid } from '../../web/month-grid.ts';

interface Item {
  readonly id: string;
  readonly start: string;
}

const dates = (grid: MonthGrid<Item>): string[][] => grid.weeks.map((week) => week.days.map((day) => day.date));
const day = (grid: MonthGrid<Item>, date: string) => grid.weeks.flatMap((w) => w.days).find((d) => d.date === date);
const ids = (grid: MonthGrid<Item>, date: string): string[] => (day(grid, date)?.meetings ?? []).map((m) => m.id);

describe('parseMonth / formatMonth / addMonths / monthLabel', () => {
  it('reads the monat parameter and refuses anything else', () => {
    expect(parseMonth('2026-12')).toEqual({ year: 2026, month: 12 });
    for (const bad of ['2026-13', '2026-00', '2026-1', '26-01', '2026-01-01', '', null, undefined]) expect(parseMonth(bad), String(bad)).toBeUndefined();
    expect(formatMonth({ year: 2027, month: 1 })).toBe('2027-01');
  });

  it('moves across year boundaries both ways', () => {
    expect(addMonths({ year: 2026, month: 12 }, 1)).toEqual({ year: 2027, month: 1 });
    expect(addMonths({ year: 2026, month: 1 }, -1)).toEqual({ year: 2025, month: 12 });
    expect(addMonths({ year: 2026, month: 3 }, -15)).toEqual({ year: 2024, month: 12 });
  });

  it('names the month in German', () => {
    expect(monthLabel({ year: 2026, month: 3 })).toBe('März 2026');
    expect(monthLabel({ year: 2026, month: 12 })).toBe('Dezember 2026');
  });
});

describe('isoWeekNumber', () => {
  it.each([
    ['2026-01-01', 1], // a Thursday: week 1
    ['2026-12-28', 53], // 2026 has 53 weeks (it starts on a Thursday)
    ['2027-01-03', 53], // Sunday still in week 53 of 2026
    ['2027-01-04', 1],
    ['2024-12-30', 1], // Monday of week 1 of 2025
  ])('%s is KW %i', (date, week) => {
    expect(isoWeekNumber(date)).toBe(week);
  });
});

describe('monthGrid', () => {
  it('starts weeks on Monday and fills them with the neighbouring months (March 2026 starts on a Sunday)', () => {
    const grid = monthGrid({ year: 2026, month: 3 }, [], '2026-03-10');
    expect(gridRange({ year: 2026, month: 3 })).toEqual({ first: '2026-02-23', last: '2026-04-05' });
    expect(grid.weeks).toHaveLength(6);
    expect(dates(grid)[0]).toEqual(['2026-02-23', '2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28', '2026-03-01']);
    expect(grid.weeks[0]?.days.map((d) => d.inMonth)).toEqual([false, false, false, false, false, false, true]);
    expect(dates(grid)[5]).toEqual(['2026-03-30', '2026-03-31', '2026-04-01', '2026-04-02', '2026-04-03', '2026-04-04', '2026-04-05']);
    expect(grid.weeks.map((w) => w.isoWeek)).toEqual([9, 10, 11, 12, 13, 14]);
    expect(grid.weeks.flatMap((w) => w.days).filter((d) => d.inMonth)).toHaveLength(31);
  });

  it('has exactly four weeks for a February that starts on Monday (2027)', () => {
    const grid = monthGrid({ year: 2027, month: 2 }, [], '2027-02-01');
    expect(grid.weeks).toHaveLength(4);
    expect(grid.weeks.every((w) => w.days.every((d) => d.inMonth))).toBe(true);
  });

  it('marks today, only on its day', () => {
    const grid = monthGrid({ year: 2026, month: 12 }, [], '2026-12-08');
    expect(grid.weeks.flatMap((w) => w.days).filter((d) => d.isToday).map((d) => d.date)).toEqual(['2026-12-08']);
    expect(monthGrid({ year: 2027, month: 1 }, [], '2026-12-08').weeks.flatMap((w) => w.days).some((d) => d.isToday)).toBe(false);
  });

  it('puts meetings on their day in Europe/Berlin across the spring change (29 March 2026)', () => {
    const meetings: Item[] = [
      { id: 'cet-late', start: '2026-03-28T23:30:00Z' }, // 00:30 CET on the 29th, still before the change at 02:00
      { id: 'cest-morning', start: '2026-03-29T08:00:00Z' }, // 10:00 CEST on the 29th
      { id: 'cest-night', start: '2026-03-30T22:30:00Z' }, // 00:30 CEST on the 31st (UTC says the 30th)
      { id: 'utc-evening', start: '2026-03-30T21:30:00Z' }, // 23:30 CEST on the 30th
    ];
    const grid = monthGrid({ year: 2026, month: 3 }, meetings, '2026-03-01');
    expect(ids(grid, '2026-03-28')).toEqual([]);
    expect(ids(grid, '2026-03-29')).toEqual(['cet-late', 'cest-morning']);
    expect(ids(grid, '2026-03-30')).toEqual(['utc-evening']);
    expect(ids(grid, '2026-03-31')).toEqual(['cest-night']);
  });

  it('puts meetings on their day in Europe/Berlin across the autumn change (25 October 2026)', () => {
    const meetings: Item[] = [
      { id: 'first-0230', start: '2026-10-25T00:30:00Z' }, // 02:30 CEST, the first of the two 02:30s
      { id: 'second-0230', start: '2026-10-25T01:30:00Z' }, // 02:30 CET, the second
      { id: 'cet-late', start: '2026-10-25T23:30:00Z' }, // 00:30 CET on the 26th
      { id: 'cest-late', start: '2026-10-24T22:30:00Z' }, // 00:30 CEST on the 25th
    ];
    const grid = monthGrid({ year: 2026, month: 10 }, meetings, '2026-10-01');
    expect(ids(grid, '2026-10-24')).toEqual([]);
    expect(ids(grid, '2026-10-25')).toEqual(['cest-late', 'first-0230', 'second-0230']);
    expect(ids(grid, '2026-10-26')).toEqual(['cet-late']);
  });

  it('shows meetings on the neighbouring months\u2019 days of the grid, sorted by start, and drops the rest', () => {
    const meetings: Item[] = [
      { id: 'late', start: '2026-11-30T13:00:00Z' },
      { id: 'early', start: '2026-11-30T09:00:00Z' },
      { id: 'outside', start: '2026-11-20T09:00:00Z' },
      { id: 'january', start: '2027-01-03T09:00:00Z' },
    ];
    // December 2026 starts on a Tuesday: the grid runs from Monday 30 November to Sunday 3 January.
    const grid = monthGrid({ year: 2026, month: 12 }, meetings, '2026-12-01');
    expect(ids(grid, '2026-11-30')).toEqual(['early', 'late']);
    expect(day(grid, '2026-11-30')?.inMonth).toBe(false);
    expect(ids(grid, '2027-01-03')).toEqual(['january']);
    expect(grid.weeks.flatMap((w) => w.days).flatMap((d) => d.meetings).map((m) => m.id)).not.toContain('outside');
  });
});
