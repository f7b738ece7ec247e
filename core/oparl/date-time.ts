/**
 * OParl writes instants as RFC 3339 date-times with the offset of the body's time zone
 * (`2026-11-11T14:00:00+01:00`), as a council information portal shows them; the stored values are UTC.
 */
import { wallClockMs } from '../calendar/zoned-time.ts';

const pad = (n: number): string => String(n).padStart(2, '0');

/** An ISO instant (`2026-11-11T13:00:00.000Z`) in the zone, whole seconds, with its offset on that day. */
export function oparlDateTime(isoInstant: string, timeZone: string): string {
  const instant = Date.parse(isoInstant);
  if (Number.isNaN(instant)) throw new RangeError(`not an instant: ${JSON.stringify(isoInstant)}`);
  const wall = wallClockMs(instant, timeZone);
  const offsetMinutes = Math.round((wall - instant) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${new Date(wall).toISOString().slice(0, 19)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
