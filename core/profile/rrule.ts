/**
 * The profile's recurrence rules (RFC 5545 RRULE subset, as bodies use them): a loose check that catches obvious
 * mistakes when the profile is loaded, and the weekdays a rule names (checked against the office hours).
 */
import type { Weekday } from './schema.ts';

const RRULE_KEYS = new Set(['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'BYMONTHDAY', 'BYMONTH', 'BYSETPOS', 'WKST']);
const RRULE_FREQS = new Set(['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']);
const BYDAY_ENTRY = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/;
const RRULE_WEEKDAYS: Record<string, Weekday> = {
  MO: 'mon',
  TU: 'tue',
  WE: 'wed',
  TH: 'thu',
  FR: 'fri',
  SA: 'sat',
  SU: 'sun',
};

/** Loose RRULE check (RFC 5545 subset): the scheduler parses it; here we only catch obvious mistakes early. */
export function rruleProblem(rule: string): string | undefined {
  if (!rule.startsWith('FREQ=')) return 'muss mit „FREQ=“ beginnen, z. B. „FREQ=MONTHLY;BYDAY=2TU,4TU“';
  const seen = new Set<string>();
  for (const part of rule.split(';')) {
    const [key = '', value, ...rest] = part.split('=');
    if (value === undefined || value === '' || rest.length > 0) return `Teil „${part}“ ist kein SCHLÜSSEL=WERT`;
    if (!RRULE_KEYS.has(key)) return `Schlüssel „${key}“ ist nicht erlaubt (erlaubt: ${[...RRULE_KEYS].join(', ')}; Uhrzeit steht in „start“)`;
    if (seen.has(key)) return `Schlüssel „${key}“ kommt doppelt vor`;
    seen.add(key);
    if (key === 'FREQ' && !RRULE_FREQS.has(value)) return `FREQ=${value} ist unbekannt (erlaubt: ${[...RRULE_FREQS].join(', ')})`;
    if (key === 'BYDAY' && !value.split(',').every((day) => BYDAY_ENTRY.test(day))) return `BYDAY=${value} ist ungültig`;
    if ((key === 'INTERVAL' || key === 'COUNT') && !/^[1-9]\d*$/.test(value)) return `${key} muss eine positive ganze Zahl sein`;
    if (key === 'BYMONTH' && !value.split(',').every((m) => /^(?:[1-9]|1[0-2])$/.test(m))) return `BYMONTH=${value} ist ungültig (1–12)`;
  }
  return undefined;
}

/** Weekdays named in an RRULE's BYDAY (ordinals like `2TU` count as Tuesday); empty when BYDAY is absent. */
export function rruleWeekdays(rule: string): Weekday[] {
  const byDay = rule.split(';').find((part) => part.startsWith('BYDAY='));
  if (byDay === undefined) return [];
  const days = byDay
    .slice('BYDAY='.length)
    .split(',')
    .map((entry) => RRULE_WEEKDAYS[BYDAY_ENTRY.exec(entry)?.[2] ?? ''])
    .filter((day): day is Weekday => day !== undefined);
  return [...new Set(days)];
}
