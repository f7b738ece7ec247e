import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatGerman } from '../../core/calendar/german-format.ts';
import type { GermanFormat } from '../../core/calendar/german-format.ts';
import { localDate } from '../../core/calendar/local-date.ts';
import { wallClockMs } from '../../core/calendar/zoned-time.ts';

const BERLIN = 'Europe/Berlin';
// Tuesday, 8 December 2026, 10:05 in Düren (CET, UTC+1).
const MEETING = new Date('2026-12-08T09:05:00Z');

describe('formatGerman', () => {
  it.each<[GermanFormat, string]>([
    ['date', '08.12.2026'],
    ['weekday', 'Dienstag'],
    ['weekdayDate', 'Dienstag, 08.12.2026'],
    ['shortWeekdayDate', 'Di., 08.12.2026'],
    ['longDate', 'Dienstag, 8. Dezember 2026'],
    ['time', '10:05'],
    ['dateTime', '08.12.2026, 10:05'],
    ['longDateTime', '8. Dezember 2026 um 10:05'],
  ])('%s: %s', (format, expected) => {
    expect(formatGerman(MEETING, format, BERLIN)).toBe(expected);
  });

  it('shows the wall clock of the zone given, also across a date line and in summer time', () => {
    // 23:30 UTC on 31 December is already New Year in Düren.
    expect(formatGerman(new Date('2026-12-31T23:30:00Z'), 'dateTime', BERLIN)).toBe('01.01.2027, 00:30');
    expect(formatGerman(new Date('2026-12-31T23:30:00Z'), 'dateTime', 'UTC')).toBe('31.12.2026, 23:30');
    expect(formatGerman(new Date('2026-07-08T08:00:00Z'), 'time', BERLIN)).toBe('10:00');
    expect(formatGerman(new Date('2026-07-08T08:00:00Z'), 'time', 'America/New_York')).toBe('04:00');
  });

  it('follows the daylight-saving changes in Berlin', () => {
    // Spring: 02:00 CET becomes 03:00 CEST; autumn: 02:30 happens twice.
    expect(formatGerman(new Date('2026-03-29T00:59:00Z'), 'time', BERLIN)).toBe('01:59');
    expect(formatGerman(new Date('2026-03-29T01:00:00Z'), 'time', BERLIN)).toBe('03:00');
    expect(formatGerman(new Date('2026-10-25T00:30:00Z'), 'time', BERLIN)).toBe('02:30');
    expect(formatGerman(new Date('2026-10-25T01:30:00Z'), 'time', BERLIN)).toBe('02:30');
  });

  it('writes midnight as 00:00, never 24:00', () => {
    expect(formatGerman(new Date('2026-12-07T23:00:00Z'), 'time', BERLIN)).toBe('00:00');
    expect(formatGerman(new Date('2026-12-07T23:00:00Z'), 'dateTime', BERLIN)).toBe('08.12.2026, 00:00');
  });

  it('takes epoch milliseconds as well as a Date', () => {
    expect(formatGerman(MEETING.getTime(), 'weekdayDate', BERLIN)).toBe(formatGerman(MEETING, 'weekdayDate', BERLIN));
  });

  it('keeps the formats of different zones apart', () => {
    // The formats are kept per zone: a New York format must not answer for Berlin afterwards, nor the reverse.
    const instant = new Date('2026-12-08T03:00:00Z');
    expect(formatGerman(instant, 'weekdayDate', BERLIN)).toBe('Dienstag, 08.12.2026');
    expect(formatGerman(instant, 'weekdayDate', 'America/New_York')).toBe('Montag, 07.12.2026');
    expect(formatGerman(instant, 'weekdayDate', BERLIN)).toBe('Dienstag, 08.12.2026');
    expect(formatGerman(instant, 'date', 'America/New_York')).toBe('07.12.2026');
  });

  it('refuses an invalid date and an unknown zone', () => {
    expect(() => formatGerman(new Date('nonsense'), 'date', BERLIN)).toThrow(RangeError);
    expect(() => formatGerman(Number.NaN, 'time', BERLIN)).toThrow(/invalid date/);
    expect(() => formatGerman(MEETING, 'date', 'Mars/Olympus_Mons')).toThrow(RangeError);
  });

  it('property: date and time agree with the calendar modules, and the combined formats with their parts', () => {
    const zones = [BERLIN, 'UTC', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.constantFrom(...zones), (ms, zone) => {
        const [year, month, day] = localDate(new Date(ms), zone).split('-');
        const wallClock = new Date(wallClockMs(ms, zone)).toISOString();
        const date = formatGerman(ms, 'date', zone);
        const time = formatGerman(ms, 'time', zone);
        expect(date).toBe(`${day ?? ''}.${month ?? ''}.${year ?? ''}`);
        expect(time).toBe(wallClock.slice(11, 16));
        expect(formatGerman(ms, 'weekdayDate', zone)).toBe(`${formatGerman(ms, 'weekday', zone)}, ${date}`);
        expect(formatGerman(ms, 'dateTime', zone)).toBe(`${date}, ${time}`);
      }),
    );
  });
});
