import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zonedInstant } from '../../core/calendar/zoned-time.ts';

const BERLIN = 'Europe/Berlin';

/** Wall clock in Berlin as "YYYY-MM-DD HH:MM", from Intl directly (sv-SE formats ISO-like). */
const berlin = new Intl.DateTimeFormat('sv-SE', {
  timeZone: BERLIN,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

describe('zonedInstant', () => {
  it.each([
    ['2026-01-13', '10:00', '2026-01-13T09:00:00.000Z', 'winter time, UTC+1'],
    ['2026-07-14', '10:00', '2026-07-14T08:00:00.000Z', 'summer time, UTC+2'],
    ['2026-03-30', '10:00', '2026-03-30T08:00:00.000Z', 'the Monday right after the spring change'],
    ['2026-10-26', '10:00', '2026-10-26T09:00:00.000Z', 'the Monday right after the autumn change'],
    ['2026-03-29', '01:59', '2026-03-29T00:59:00.000Z', 'the last minute before the spring gap'],
    ['2026-03-29', '03:00', '2026-03-29T01:00:00.000Z', 'the first minute after the spring gap'],
  ])('%s %s in Berlin is %s (%s)', (date, time, expected) => {
    expect(zonedInstant(date, time, BERLIN).toISOString()).toBe(expected);
  });

  it('moves a time in the spring gap forward by the length of the gap', () => {
    // 02:30 does not exist on 2026-03-29: clocks jump from 02:00 CET to 03:00 CEST.
    const instant = zonedInstant('2026-03-29', '02:30', BERLIN);
    expect(instant.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(berlin.format(instant)).toBe('2026-03-29 03:30');
  });

  it('takes the earlier instant for a time that occurs twice in autumn', () => {
    // 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET) on 2026-10-25.
    expect(zonedInstant('2026-10-25', '02:30', BERLIN).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('works for zones other than Berlin, including the southern hemisphere', () => {
    expect(zonedInstant('2026-07-01', '09:00', 'America/New_York').toISOString()).toBe('2026-07-01T13:00:00.000Z');
    expect(zonedInstant('2026-01-15', '09:00', 'Australia/Sydney').toISOString()).toBe('2026-01-14T22:00:00.000Z');
    expect(zonedInstant('2026-06-15', '12:00', 'UTC').toISOString()).toBe('2026-06-15T12:00:00.000Z');
  });

  it.each([
    ['2026-02-30', '10:00'],
    ['2026-13-01', '10:00'],
    ['26-01-01', '10:00'],
    ['2026-01-01', '24:00'],
    ['2026-01-01', '9:00'],
    ['2026-01-01', '10:60'],
  ])('rejects %s %s', (date, time) => {
    expect(() => zonedInstant(date, time, BERLIN)).toThrow(RangeError);
  });

  it('rejects an unknown time zone', () => {
    expect(() => zonedInstant('2026-01-01', '10:00', 'Europe/Dueren')).toThrow(RangeError);
  });

  it('round-trips every existing Berlin wall-clock time (property)', () => {
    const minute = 60_000;
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1) / minute, max: Date.UTC(2040, 0, 1) / minute }), (minutes) => {
        // Start from an instant, so the wall-clock time certainly exists; in the autumn overlap the earlier one wins.
        const instant = new Date(minutes * minute);
        const [date = '', time = ''] = berlin.format(instant).split(' ');
        const back = zonedInstant(date, time, BERLIN);
        expect(berlin.format(back)).toBe(`${date} ${time}`);
        // Only in the autumn overlap may the answer differ from the instant we started from, and then it must be
        // the earlier of the two: an hour before the answer, the wall clock never shows the same time.
        expect([0, 3_600_000]).toContain(instant.getTime() - back.getTime());
        expect(berlin.format(new Date(back.getTime() - 3_600_000))).not.toBe(`${date} ${time}`);
      }),
    );
  });
});
