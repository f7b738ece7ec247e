import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { FIRST_YEAR, GERMAN_STATES, germanPublicHolidays, LAST_YEAR } from '../../core/calendar/german-holidays.ts';

// date-holidays (a devDependency) is the independent reference: the rules must give the same public holidays,
// with the same German names, in every state and every year they are used for.
function reference(state: string, year: number): [string, string][] {
  const byDate = new Map<string, string>();
  for (const holiday of new Holidays('DE', state, { types: ['public'], languages: 'de' }).getHolidays(year)) {
    const date = holiday.date.slice(0, 10);
    const earlier = byDate.get(date);
    byDate.set(date, earlier === undefined ? holiday.name : `${earlier} und ${holiday.name}`);
  }
  return [...byDate].sort();
}

describe('germanPublicHolidays', () => {
  it.each(GERMAN_STATES)('matches date-holidays for %s in every year from 2000 to 2100', (state) => {
    for (let year = FIRST_YEAR; year <= LAST_YEAR; year += 1) {
      expect([...germanPublicHolidays(state, year)].sort(), `${state} ${String(year)}`).toEqual(reference(state, year));
    }
  });

  it('knows the NRW holidays of 2026 by name', () => {
    const nrw = germanPublicHolidays('NW', 2026);
    expect(nrw.get('2026-06-04')).toBe('Fronleichnam');
    expect(nrw.get('2026-11-01')).toBe('Allerheiligen');
    expect(nrw.get('2026-04-03')).toBe('Karfreitag');
    expect(nrw.size).toBe(11);
  });

  it('refuses years it has no checked rules for', () => {
    expect(() => germanPublicHolidays('NW', 1999)).toThrow(RangeError);
    expect(() => germanPublicHolidays('NW', 2101)).toThrow(RangeError);
  });
});
