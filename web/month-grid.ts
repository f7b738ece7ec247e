/**
 * The month view of the meeting calendar as plain data: the weeks of a month from Monday to Sunday (with the
 * days of the neighbouring months that fill the first and last week), the ISO calendar week of each row, and the
 * meetings of each day. A meeting's day is its date on the wall clock in Düren (the district's zone), not in UTC
 * and not in the browser's zone, so 00:30 on a summer night belongs to that day. Browser-safe: Intl only.
 */
import { localDate } from '../core/calendar/local-date.ts';
import { TIME_ZONE } from './dates.ts';
import { DAY_MS } from '../core/clock.ts';

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface CalendarMonth {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
}

export interface GridDay<T> {
  /** YYYY-MM-DD. */
  readonly date: string;
  /** Day of the month, 1–31. */
  readonly day: number;
  /** False for the days of the previous or next month that fill the first and last week. */
  readonly inMonth: boolean;
  readonly isToday: boolean;
  /** The day's meetings, by start. */
  readonly meetings: readonly T[];
}

export interface GridWeek<T> {
  /** ISO 8601 week number (KW), as German offices count weeks. */
  readonly isoWeek: number;
  /** Monday to Sunday. */
  readonly days: readonly GridDay<T>[];
}

export interface MonthGrid<T> {
  readonly month: CalendarMonth;
  /** Four to six weeks. */
  readonly weeks: readonly GridWeek<T>[];
}

/** `2026-12` → { year: 2026, month: 12 }; undefined for anything else (a hand-edited URL). */
export function parseMonth(text: string | null | undefined): CalendarMonth | undefined {
  const match = MONTH_PATTERN.exec(text ?? '');
  return match === null ? undefined : { year: Number(match[1]), month: Number(match[2]) };
}

/** { year: 2026, month: 12 } → `2026-12` (the form of the `monat` parameter). */
export function formatMonth({ year, month }: CalendarMonth): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The month of a date (YYYY-MM-DD). */
export function monthOfDate(date: string): CalendarMonth {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)) };
}

export function addMonths({ year, month }: CalendarMonth, count: number): CalendarMonth {
  const index = year * 12 + (month - 1) + count;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

const monthNames = new Intl.DateTimeFormat('de-DE', { month: 'long', timeZone: 'UTC' });

/** 12 → "Dezember". */
export function monthName(month: number): string {
  return monthNames.format(Date.UTC(2000, month - 1, 1));
}

/** "Dezember 2026". */
export function monthLabel({ year, month }: CalendarMonth): string {
  return `${monthName(month)} ${String(year)}`;
}

// Plain dates as UTC midnights: day arithmetic on them is plain addition, whatever the DST of the real zone.
const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** 0 = Monday … 6 = Sunday. */
const weekdayIndex = (ms: number): number => (new Date(ms).getUTCDay() + 6) % 7;

/** ISO 8601 week number: the week with the year's first Thursday is week 1. */
export function isoWeekNumber(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  const thursday = ms + (3 - weekdayIndex(ms)) * DAY_MS;
  const yearStart = Date.UTC(new Date(thursday).getUTCFullYear(), 0, 1);
  return Math.floor((thursday - yearStart) / DAY_MS / 7) + 1;
}

/** First and last date (YYYY-MM-DD) the grid of the month shows: the Monday before the 1st to the Sunday after the last. */
export function gridRange({ year, month }: CalendarMonth): { readonly first: string; readonly last: string } {
  const firstOfMonth = Date.UTC(year, month - 1, 1);
  const lastOfMonth = Date.UTC(year, month, 0);
  return { first: isoDate(firstOfMonth - weekdayIndex(firstOfMonth) * DAY_MS), last: isoDate(lastOfMonth + (6 - weekdayIndex(lastOfMonth)) * DAY_MS) };
}

/** The date `days` after (or before) a date, both YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  return isoDate(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS);
}

/**
 * The month's weeks with each day's meetings. `today` is a date in the same zone (`localDate(now, TIME_ZONE)`); meetings on days
 * the grid does not show are left out.
 */
export function monthGrid<T extends { readonly start: string }>(month: CalendarMonth, meetings: readonly T[], today: string, timeZone: string = TIME_ZONE): MonthGrid<T> {
  const byDay = new Map<string, T[]>();
  for (const meeting of [...meetings].sort((a, b) => Date.parse(a.start) - Date.parse(b.start))) {
    const day = localDate(new Date(meeting.start), timeZone);
    byDay.set(day, [...(byDay.get(day) ?? []), meeting]);
  }
  const { first, last } = gridRange(month);
  const weeks: GridWeek<T>[] = [];
  for (let monday = first; monday <= last; monday = addDays(monday, 7)) {
    const days = Array.from({ length: 7 }, (_, offset): GridDay<T> => {
      const date = addDays(monday, offset);
      const { year, month: m } = monthOfDate(date);
      return { date, day: Number(date.slice(8, 10)), inMonth: year === month.year && m === month.month, isToday: date === today, meetings: byDay.get(date) ?? [] };
    });
    weeks.push({ isoWeek: isoWeekNumber(monday), days });
  }
  return { month, weeks };
}
