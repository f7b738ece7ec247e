import { describe, expect, it } from 'vitest';
import { calendarKind, calendarStart, summariseCalendar } from '../../local/ses/outbox-calendar.ts';

const calendar = (...lines: string[]): string => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//DE', ...lines, 'END:VCALENDAR', ''].join('\r\n');
const event = (...lines: string[]): string[] => ['BEGIN:VEVENT', 'UID:x@test', 'DTSTAMP:20261124T090000Z', ...lines, 'END:VEVENT'];

describe('the outbox\u2019s view of a calendar part', () => {
  it('reads method, sequence, an unfolded and unescaped summary and a zoned start', () => {
    const text = calendar('METHOD:CANCEL', ...event('SEQUENCE:4', 'SUMMARY:Arbeitskreis „Migration“\\, Sitzung mit', '  Gästen', 'DTSTART;TZID=Europe/Berlin:20270311T100000'));
    expect(summariseCalendar(text)).toEqual({ method: 'CANCEL', sequence: 4, summary: 'Arbeitskreis „Migration“, Sitzung mit Gästen', start: '2027-03-11T10:00:00', timeZone: 'Europe/Berlin' });
  });

  it('takes a calendar without METHOD as PUBLISH and without SEQUENCE as 0', () => {
    expect(summariseCalendar(calendar(...event('DTSTART:20261208T090000Z')))).toEqual({ method: 'PUBLISH', sequence: 0, start: '2026-12-08T09:00:00Z' });
  });

  it.each([
    [{ method: 'REQUEST', sequence: 0 }, 'Einladung'],
    [{ method: 'REQUEST', sequence: 3 }, 'Aktualisierung'],
    [{ method: 'CANCEL', sequence: 3 }, 'Absage'],
    [{ method: 'PUBLISH', sequence: 0 }, 'PUBLISH'],
  ])('%o is an %s', (value, kind) => {
    expect(calendarKind(value)).toBe(kind);
  });

  it('says the start in Düren time, or as written with a foreign zone, or as a whole day', () => {
    expect(calendarStart({ start: '2026-12-08T09:00:00Z' })).toBe('08.12.2026, 10:00 Uhr');
    expect(calendarStart({ start: '2026-07-08T08:00:00Z' })).toBe('08.07.2026, 10:00 Uhr');
    expect(calendarStart({ start: '2026-12-08T10:00:00', timeZone: 'Europe/Berlin' })).toBe('08.12.2026, 10:00 Uhr');
    expect(calendarStart({ start: '2026-12-08T10:00:00', timeZone: 'Europe/Istanbul' })).toBe('08.12.2026, 10:00 Uhr (Europe/Istanbul)');
    expect(calendarStart({ start: '2026-12-08' })).toBe('08.12.2026 (ganztägig)');
    expect(calendarStart({})).toBeUndefined();
  });
});
