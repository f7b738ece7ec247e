/**
 * Dates on the pages: the district's time zone and German calendar dates. Browser-safe and free of the DOM
 * (Intl only), so it is unit-tested in Node.
 */
import { formatGerman } from '../core/calendar/german-format.ts';

/**
 * The district's zone, for what is fixed before the profile (/profile.json) is at hand: the dates and times dom.ts
 * and meeting-format.ts show, and "today" of the meeting calendar, which picks the month it loads first.
 * Pages that have the profile use its `district.timeZone`; a unit test keeps the two the same.
 */
export const TIME_ZONE = 'Europe/Berlin';

/** "2026-03-04" → "04.03.2026"; anything else unchanged. A date without time needs no time zone. */
export function germanDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return match === null ? isoDate : `${match[3] ?? ''}.${match[2] ?? ''}.${match[1] ?? ''}`;
}

/** An instant as its calendar date in the zone, German: "04.03.2029". */
export const germanDateOf = (instant: Date, timeZone: string): string => formatGerman(instant, 'date', timeZone);
