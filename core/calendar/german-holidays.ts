/**
 * The public holidays (gesetzliche Feiertage) of the 16 German states, computed: fixed dates, Easter-based dates
 * (Gauss/Meeus Gregorian computus) and the few one-off days of recent years. A table of rules instead of the
 * date-holidays package, which brings 1.9 MB and ~100 ms to every Lambda's cold start for a district that only
 * ever needs one German state. tests/unit/german-holidays.test.ts checks every state and year 2000–2100
 * against date-holidays, so a rule that drifts from it fails a test, not a reminder date.
 */
import { DAY_MS } from '../clock.ts';

export const GERMAN_STATES = ['BB', 'BE', 'BW', 'BY', 'HB', 'HE', 'HH', 'MV', 'NI', 'NW', 'RP', 'SH', 'SL', 'SN', 'ST', 'TH'] as const;
export type GermanState = (typeof GERMAN_STATES)[number];

/** The years the rules are checked for; dates outside are refused rather than guessed. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

interface HolidayRule {
  readonly name: string;
  /** Month and day, or days after Easter Sunday. */
  readonly date: { readonly month: number; readonly day: number } | { readonly easterOffset: number } | 'repentance-day';
  /** Where it is a public holiday; undefined: in every state. */
  readonly states?: readonly GermanState[];
  readonly fromYear?: number;
  /** Only in these years (one-off holidays). */
  readonly years?: readonly number[];
}

const REFORMATION_DAY_SINCE_2018: readonly GermanState[] = ['HB', 'HH', 'NI', 'SH'];

const RULES: readonly HolidayRule[] = [
  { name: 'Neujahr', date: { month: 1, day: 1 } },
  { name: 'Heilige Drei Könige', date: { month: 1, day: 6 }, states: ['BW', 'BY', 'ST'] },
  { name: 'Internationaler Frauentag', date: { month: 3, day: 8 }, states: ['BE'], fromYear: 2019 },
  { name: 'Internationaler Frauentag', date: { month: 3, day: 8 }, states: ['MV'], fromYear: 2023 },
  { name: 'Karfreitag', date: { easterOffset: -2 } },
  { name: 'Ostersonntag', date: { easterOffset: 0 }, states: ['BB'] },
  { name: 'Ostermontag', date: { easterOffset: 1 } },
  { name: 'Maifeiertag', date: { month: 5, day: 1 } },
  { name: 'Tag der Befreiung (75. Jahrestag)', date: { month: 5, day: 8 }, states: ['BE'], years: [2020] },
  { name: 'Tag der Befreiung (80. Jahrestag)', date: { month: 5, day: 8 }, states: ['BE'], years: [2025] },
  { name: 'Christi Himmelfahrt', date: { easterOffset: 39 } },
  { name: '75-jähriges Jubiläum des Volksaufstands in der DDR', date: { month: 6, day: 17 }, states: ['BE'], years: [2028] },
  { name: 'Pfingstsonntag', date: { easterOffset: 49 }, states: ['BB'] },
  { name: 'Pfingstmontag', date: { easterOffset: 50 } },
  { name: 'Fronleichnam', date: { easterOffset: 60 }, states: ['BW', 'BY', 'HE', 'NW', 'RP', 'SL'] },
  { name: 'Mariä Himmelfahrt', date: { month: 8, day: 15 }, states: ['SL'] },
  { name: 'Weltkindertag', date: { month: 9, day: 20 }, states: ['TH'], fromYear: 2019 },
  { name: 'Tag der Deutschen Einheit', date: { month: 10, day: 3 } },
  { name: 'Reformationstag', date: { month: 10, day: 31 }, states: ['BB', 'MV', 'SN', 'ST', 'TH'] },
  { name: 'Reformationstag', date: { month: 10, day: 31 }, states: REFORMATION_DAY_SINCE_2018, fromYear: 2018 },
  // The 500th anniversary of the Reformation: once a holiday in every state that did not have it anyway.
  {
    name: 'Reformationstag',
    date: { month: 10, day: 31 },
    states: ['BE', 'BW', 'BY', 'HE', 'NW', 'RP', 'SL', ...REFORMATION_DAY_SINCE_2018],
    years: [2017],
  },
  { name: 'Allerheiligen', date: { month: 11, day: 1 }, states: ['BW', 'BY', 'NW', 'RP', 'SL'] },
  { name: 'Buß- und Bettag', date: 'repentance-day', states: ['SN'] },
  { name: '1. Weihnachtstag', date: { month: 12, day: 25 } },
  { name: '2. Weihnachtstag', date: { month: 12, day: 26 } },
];

/** Easter Sunday of the Gregorian calendar (anonymous Gregorian algorithm), as ms at 00:00 UTC. */
function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, day);
}

/** Buß- und Bettag: the Wednesday before 23 November (11 days before the first Sunday of Advent). */
function repentanceDay(year: number): number {
  const november22 = Date.UTC(year, 10, 22);
  const daysBack = (new Date(november22).getUTCDay() - 3 + 7) % 7;
  return november22 - daysBack * DAY_MS;
}

function ruleApplies(rule: HolidayRule, state: GermanState, year: number): boolean {
  return (
    (rule.states === undefined || rule.states.includes(state)) &&
    (rule.fromYear === undefined || year >= rule.fromYear) &&
    (rule.years === undefined || rule.years.includes(year))
  );
}

function dateOf(rule: HolidayRule, year: number): string {
  const ms =
    rule.date === 'repentance-day'
      ? repentanceDay(year)
      : 'easterOffset' in rule.date
        ? easterSunday(year) + rule.date.easterOffset * DAY_MS
        : Date.UTC(year, rule.date.month - 1, rule.date.day);
  return new Date(ms).toISOString().slice(0, 10);
}

export const isGermanState = (state: string): state is GermanState => (GERMAN_STATES as readonly string[]).includes(state);

/** The public holidays of a state in a year: date `YYYY-MM-DD` → German name. */
export function germanPublicHolidays(state: GermanState, year: number): ReadonlyMap<string, string> {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw new RangeError(`Feiertage werden für die Jahre ${String(FIRST_YEAR)} bis ${String(LAST_YEAR)} berechnet, nicht für ${String(year)}`);
  }
  const holidays = new Map<string, string>();
  for (const rule of RULES) {
    if (!ruleApplies(rule, state, year)) continue;
    const date = dateOf(rule, year);
    // Two holidays can fall on one day (1 May and Ascension in 2008).
    const earlier = holidays.get(date);
    holidays.set(date, earlier === undefined ? rule.name : `${earlier} und ${rule.name}`);
  }
  return holidays;
}
