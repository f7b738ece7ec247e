/**
 * Schedules of the bodies (Gremien): a body's recurrence rule expanded into concrete meetings for a horizon.
 *
 * A rule date that is no working day (weekend, public holiday, closing day) moves by the body's holiday rule. The
 * meeting must then fit into the office hours of the day it lands on; when it does not (a Thursday 14:00 meeting
 * moved to a Friday that closes at 13:00), the date is reported as a problem and produces no meeting. Choosing
 * another time is a decision for the coordination, not for the scheduler.
 *
 * The recurrence is expanded on plain calendar dates and the local start time is attached afterwards, so 10:00 in
 * Düren stays 10:00 across daylight-saving changes and only the UTC instant shifts.
 */
import rrulePackage from 'rrule';
import type { Options as RRuleOptions } from 'rrule';
import { formatGerman } from '../calendar/german-format.ts';
import { createWorkingCalendar } from '../calendar/working-days.ts';
import type { WorkingCalendar } from '../calendar/working-days.ts';
import { zonedInstant } from '../calendar/zoned-time.ts';
import { addCalendarDays } from '../calendar/local-date.ts';
import { WEEKDAYS, minutesOfDay } from '../profile/schema.ts';
import type { Body, DistrictProfile, Weekday } from '../profile/schema.ts';
import type { Occurrence, ScheduleProblem } from './meeting.ts';
import { DAY_MS } from '../clock.ts';

// rrule's "main" is a CommonJS bundle and it has no "exports" map, so under Node's own ESM loader (npm start, tsx)
// only the default export exists; named imports fail there at runtime although the typings offer them.
const { RRule } = rrulePackage;

export interface Schedule {
  /** Sorted by start. */
  readonly occurrences: Occurrence[];
  /** Rule dates that produce no meeting, with the reason in German; sorted by rule date. */
  readonly problems: ScheduleProblem[];
}

/** How far a meeting may move off its rule date; a week is the limit before it collides with the next cycle. */
export const MAX_MOVE_DAYS = 7;

/**
 * The anchor (DTSTART) of every series. The profile gives no series start, yet INTERVAL=2 ("every other month")
 * and the RRULE defaults (weekday of DTSTART for a bare WEEKLY, day of month for a bare MONTHLY) depend on one; a
 * fixed anchor makes the same rule yield the same dates whatever window is materialised, which the stable meeting
 * ids (`<bodyId>-<ruleDate>`) rely on. 1 January 2001 starts a year, a month and an ISO week (it is a Monday).
 */
const SERIES_EPOCH = Date.UTC(2001, 0, 1);

// --- plain calendar dates ------------------------------------------------------------------------------------
// A date 'YYYY-MM-DD' is carried as the epoch milliseconds of its midnight in UTC: day arithmetic is then plain
// addition (UTC has no daylight saving) and rrule, given no TZID, computes on exactly these "floating" values.

function dayMs(date: string): number {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  return Date.UTC(year, month - 1, day);
}

function dateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function weekdayOf(date: string): Weekday {
  // getUTCDay counts from Sunday = 0; WEEKDAYS starts on Monday.
  return WEEKDAYS[(new Date(dayMs(date)).getUTCDay() + 6) % 7] ?? 'mon';
}

// A plain date's carrier is its UTC midnight, so formatting it in UTC (not the district's zone) gives back the very date.
/** "Dienstag, 13.10.2026" */
const formatDate = (date: string): string => formatGerman(dayMs(date), 'weekdayDate', 'UTC');
/** "Dienstag" */
const formatWeekday = (date: string): string => formatGerman(dayMs(date), 'weekday', 'UTC');

function formatMinutes(total: number): string {
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

// --- recurrence expansion ------------------------------------------------------------------------------------

/**
 * The latest date on the epoch's grid of `interval` periods that is not after `firstDay`. Starting the expansion
 * there instead of at the epoch gives the same dates (the grid is the same) without iterating decades.
 */
function alignedAnchor(freq: RRuleOptions['freq'], interval: number, firstDay: number): Date {
  const first = new Date(firstDay);
  switch (freq) {
    case RRule.YEARLY: {
      const years = first.getUTCFullYear() - 2001;
      return new Date(Date.UTC(2001 + Math.floor(years / interval) * interval, 0, 1));
    }
    case RRule.MONTHLY: {
      const months = (first.getUTCFullYear() - 2001) * 12 + first.getUTCMonth();
      return new Date(Date.UTC(2001, Math.floor(months / interval) * interval, 1));
    }
    case RRule.WEEKLY: {
      const weeks = Math.floor((firstDay - SERIES_EPOCH) / (7 * DAY_MS));
      return new Date(SERIES_EPOCH + Math.floor(weeks / interval) * interval * 7 * DAY_MS);
    }
    default: {
      const days = Math.floor((firstDay - SERIES_EPOCH) / DAY_MS);
      return new Date(SERIES_EPOCH + Math.floor(days / interval) * interval * DAY_MS);
    }
  }
}

type UntilCheck = (ruleDate: string, ruleStart: Date) => boolean;

/**
 * RFC 5545 compares UNTIL with the start of each occurrence. Expanding on dates at midnight, rrule could only
 * compare the date, so UNTIL is applied here with the body's start time: a date (`20271231`) includes that day,
 * a UTC time (`…T080000Z`) is an instant, a floating time (`…T080000`) is wall-clock time in the district.
 */
function untilCheck(rule: string, until: Date | null | undefined, timeZone: string): UntilCheck {
  if (until === null || until === undefined) return () => true;
  const raw = /(?:^|;)UNTIL=([^;]*)/.exec(rule)?.[1] ?? '';
  if (/^\d{8}$/.test(raw)) {
    const lastDate = dateOf(until.getTime());
    return (ruleDate) => ruleDate <= lastDate;
  }
  if (raw.endsWith('Z')) return (_ruleDate, ruleStart) => ruleStart.getTime() <= until.getTime();
  // rrule read the floating time as if it were UTC; its digits are the district's wall clock. Seconds are
  // dropped: meetings start on whole minutes, so "until 23:59:59" and "until 23:59" admit the same starts.
  const iso = until.toISOString();
  const limit = zonedInstant(iso.slice(0, 10), iso.slice(11, 16), timeZone);
  return (_ruleDate, ruleStart) => ruleStart.getTime() <= limit.getTime();
}

type Expansion = { readonly ruleDates: string[]; readonly isWithinUntil: UntilCheck } | { readonly problem: string };

/** The rule dates of `rule` from `firstDate` to `lastDate` (both included), or why the rule cannot be expanded. */
function expandRule(rule: string, firstDate: string, lastDate: string, timeZone: string): Expansion {
  let options: Partial<RRuleOptions>;
  try {
    options = RRule.parseString(rule);
  } catch (error) {
    return { problem: `ist keine gültige Wiederholungsregel (${error instanceof Error ? error.message : String(error)})` };
  }
  const freq = options.freq;
  if (freq === undefined || ![RRule.YEARLY, RRule.MONTHLY, RRule.WEEKLY, RRule.DAILY].includes(freq))
    return { problem: 'braucht FREQ=DAILY, WEEKLY, MONTHLY oder YEARLY' };
  // Counting needs the first meeting of the series, which the profile does not record; counting from an
  // arbitrary anchor would make the number of meetings depend on it. UNTIL says the same unambiguously.
  if (options.count !== undefined && options.count !== null)
    return { problem: 'enthält COUNT; das Profil kennt keinen Beginn der Terminreihe, ab dem gezählt werden könnte – bitte UNTIL verwenden' };

  const interval = options.interval ?? 1;
  if (!Number.isSafeInteger(interval) || interval < 1) return { problem: 'braucht ein INTERVAL von mindestens 1' };
  const first = dayMs(firstDate);
  try {
    const series = new RRule({ ...options, until: null, tzid: null, dtstart: alignedAnchor(freq, interval, first) });
    const ruleDates = series.between(new Date(first), new Date(dayMs(lastDate)), true).map((carrier) => dateOf(carrier.getTime()));
    return { ruleDates, isWithinUntil: untilCheck(rule, options.until, timeZone) };
  } catch (error) {
    // rrule checks some values (BYSETPOS range, …) only when the rule is built.
    return { problem: `ist keine gültige Wiederholungsregel (${error instanceof Error ? error.message : String(error)})` };
  }
}

// --- one body ------------------------------------------------------------------------------------------------

/** What one rule date turns into before the window and collisions are applied. */
type Plan =
  | { readonly kind: 'meeting'; readonly ruleDate: string; readonly date: string; readonly movedBecause?: string }
  | { readonly kind: 'problem'; readonly ruleDate: string; readonly date: string; readonly problem: string };

interface Context {
  readonly profile: DistrictProfile;
  readonly calendar: WorkingCalendar;
  readonly closingDays: ReadonlySet<string>;
}

/** Why `date` is no working day, in German as shown to the coordination ("Ostermontag", "Wochenende", …). */
function reasonNoWorkingDay(context: Context, date: string): string {
  const holiday = context.calendar.holidayName(date);
  // The holiday is named even on a weekend: it is the more specific reason.
  if (holiday !== undefined) return holiday;
  if (context.closingDays.has(date)) return 'Schließtag';
  const weekday = weekdayOf(date);
  if (weekday === 'sat' || weekday === 'sun') return 'Wochenende';
  return `keine Bürozeiten am ${formatWeekday(date)}`;
}

function officeHoursText(context: Context, date: string): string {
  const slots = context.profile.officeHours[weekdayOf(date)];
  return slots.length === 0 ? 'keine' : `${slots.map((slot) => `${slot.from}–${slot.to}`).join(', ')} Uhr`;
}

function planRuleDate(context: Context, body: Body, ruleDate: string): Plan {
  const label = `Der Termin „${body.name}“ am ${formatDate(ruleDate)}`;
  let date = ruleDate;
  let movedBecause: string | undefined;

  if (!context.calendar.isWorkingDay(ruleDate)) {
    movedBecause = reasonNoWorkingDay(context, ruleDate);
    if (body.holidayRule === 'skip')
      return { kind: 'problem', ruleDate, date: ruleDate, problem: `${label} entfällt (${movedBecause}); das Gremium verschiebt solche Termine nicht.` };
    const step = body.holidayRule === 'previousWorkingDay' ? -1 : 1;
    const target = Array.from({ length: MAX_MOVE_DAYS }, (_, i) => addCalendarDays(ruleDate, step * (i + 1))).find((candidate) =>
      context.calendar.isWorkingDay(candidate),
    );
    if (target === undefined) {
      const direction = step > 0 ? 'danach' : 'davor';
      return {
        kind: 'problem',
        ruleDate,
        date: ruleDate,
        problem: `${label} (${movedBecause}) kann nicht verschoben werden: kein Arbeitstag in den ${MAX_MOVE_DAYS} Tagen ${direction}.`,
      };
    }
    date = target;
  }

  const begin = minutesOfDay(body.start);
  const end = begin + body.durationMinutes;
  const fits = context.profile.officeHours[weekdayOf(date)].some((slot) => minutesOfDay(slot.from) <= begin && end <= minutesOfDay(slot.to));
  if (!fits) {
    const where = movedBecause === undefined ? label : `${label} (${movedBecause}), verschoben auf ${formatDate(date)},`;
    const time = `${body.start}–${end < 24 * 60 ? formatMinutes(end) : 'nach Mitternacht'} Uhr`;
    return {
      kind: 'problem',
      ruleDate,
      date,
      problem: `${where} läge mit ${time} außerhalb der Bürozeiten am ${formatWeekday(date)} (${officeHoursText(context, date)}); bitte Termin von Hand festlegen.`,
    };
  }
  return movedBecause === undefined ? { kind: 'meeting', ruleDate, date } : { kind: 'meeting', ruleDate, date, movedBecause };
}

/**
 * A moved meeting must not land on a day the body already meets (a weekly Friday moved to the Monday that has its
 * own meeting): two identical meetings on one day help nobody, so the moved one is reported instead. Meetings on
 * their rule date take precedence; among moved ones, the earlier rule date wins.
 */
function resolveCollisions(body: Body, plans: readonly Plan[]): Plan[] {
  const taken = new Map<string, string>();
  for (const plan of plans) if (plan.kind === 'meeting' && plan.movedBecause === undefined) taken.set(plan.date, plan.ruleDate);
  return plans.map((plan) => {
    if (plan.kind !== 'meeting' || plan.movedBecause === undefined) return plan;
    const other = taken.get(plan.date);
    if (other === undefined) {
      taken.set(plan.date, plan.ruleDate);
      return plan;
    }
    return {
      kind: 'problem',
      ruleDate: plan.ruleDate,
      date: plan.date,
      problem: `Der Termin „${body.name}“ am ${formatDate(plan.ruleDate)} (${plan.movedBecause}) fiele nach der Verschiebung auf ${formatDate(plan.date)}, an dem schon der Termin vom ${formatDate(other)} stattfindet.`,
    };
  });
}

function scheduleOf(context: Context, body: Body, from: Date, to: Date): Schedule {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new RangeError('materialiseSchedule needs valid instants for from and to');
  if (to.getTime() <= from.getTime()) return { occurrences: [], problems: [] };
  const timeZone = context.profile.district.timeZone;
  const fromDate = context.calendar.localDate(from);

  // A rule date up to MAX_MOVE_DAYS outside the window can be moved into it.
  const expansion = expandRule(body.rrule, addCalendarDays(fromDate, -MAX_MOVE_DAYS), addCalendarDays(context.calendar.localDate(to), MAX_MOVE_DAYS), timeZone);
  if ('problem' in expansion) {
    // A rule that yields no dates has no rule date to name; the window's first day stands in for it.
    return { occurrences: [], problems: [{ bodyId: body.id, ruleDate: fromDate, problem: `Die Regel „${body.rrule}“ von „${body.name}“ ${expansion.problem}.` }] };
  }

  const startOn = (date: string): Date => zonedInstant(date, body.start, timeZone);
  const plans = expansion.ruleDates
    .filter((ruleDate) => expansion.isWithinUntil(ruleDate, startOn(ruleDate)))
    .map((ruleDate) => planRuleDate(context, body, ruleDate));

  const occurrences: Occurrence[] = [];
  const problems: ScheduleProblem[] = [];
  for (const plan of resolveCollisions(body, plans)) {
    // The window holds a rule date when the meeting would start inside it (on the day it moved to), so adjacent
    // windows [a, b) and [b, c) together yield every rule date exactly once.
    const start = startOn(plan.date);
    if (start.getTime() < from.getTime() || start.getTime() >= to.getTime()) continue;
    if (plan.kind === 'problem') {
      problems.push({ bodyId: body.id, ruleDate: plan.ruleDate, problem: plan.problem });
      continue;
    }
    // The duration is elapsed time: on a night with a clock change the end's wall-clock time shifts, not the length.
    const end = new Date(start.getTime() + body.durationMinutes * 60_000);
    const base = { bodyId: body.id, ruleDate: plan.ruleDate, start, end };
    occurrences.push(plan.movedBecause === undefined ? base : { ...base, movedBecause: plan.movedBecause });
  }
  return { occurrences, problems };
}

function contextOf(profile: DistrictProfile): Context {
  return { profile, calendar: createWorkingCalendar(profile), closingDays: new Set(profile.closingDays) };
}

const byStart = (a: Occurrence, b: Occurrence): number => a.start.getTime() - b.start.getTime() || a.bodyId.localeCompare(b.bodyId);
const byRuleDate = (a: ScheduleProblem, b: ScheduleProblem): number => a.ruleDate.localeCompare(b.ruleDate) || a.bodyId.localeCompare(b.bodyId);

/**
 * The meetings of `body` that start in [from, to), and the rule dates that would start there but cannot be met.
 * Rule dates are those of the body's RRULE (calendar dates in the district's time zone); start and end are
 * instants computed from the body's local start time on the (possibly moved) date.
 */
export function materialiseSchedule(profile: DistrictProfile, body: Body, from: Date, to: Date): Schedule {
  const { occurrences, problems } = scheduleOf(contextOf(profile), body, from, to);
  return { occurrences: occurrences.sort(byStart), problems: problems.sort(byRuleDate) };
}

/** materialiseSchedule for every body of the profile, merged. */
export function materialiseAll(profile: DistrictProfile, from: Date, to: Date): Schedule {
  const context = contextOf(profile);
  const schedules = profile.bodies.map((body) => scheduleOf(context, body, from, to));
  return {
    occurrences: schedules.flatMap((schedule) => schedule.occurrences).sort(byStart),
    problems: schedules.flatMap((schedule) => schedule.problems).sort(byRuleDate),
  };
}
