/**
 * What the KPI report is made from, and the cohort its figures count.
 *
 * Basis (the "cohort"): every case whose intake lies in the period (days in the district's time zone), with its
 * stage, provider and referrals as they are when the report is made. Durations, shares and referral outcomes all
 * refer to these cases, so the figures of one report fit together. The cohort arrives as counters summed over the
 * period's intake days (core/reports/kpi-facts.ts), never as a list of cases. Exceptions, each named in its table:
 * the waiting list now (all cases), gap reports (by the day they were reported) and meetings (by their start).
 *
 * No personal data: the input holds codes and counts, and of the waiting list the case items' non-personal fields.
 */
import { zonedInstant } from '../calendar/zoned-time.ts';
import type { DistrictProfile } from '../profile/schema.ts';
import type { KpiCounts } from './kpi-facts.ts';

/** A period of whole days, both included (`YYYY-MM-DD`, the district's time zone). */
export interface KpiPeriod {
  readonly from: string;
  readonly to: string;
}

/** A meeting of a body, reduced to what the report counts (guests as a number, never their names). */
export interface KpiMeeting {
  readonly bodyId: string;
  readonly start: string;
  readonly status: 'scheduled' | 'cancelled';
  readonly guestCount: number;
}

export interface KpiData {
  /**
   * The counters (core/reports/kpi-facts.ts) of the cases whose intake lies in the period, summed over its days:
   * the cases with their referrals as they are now.
   */
  readonly cohort: KpiCounts;
  /** How many cases are on the waiting list now, whatever their intake date (the case list's counter). */
  readonly waitingListNow: number;
  /**
   * The gap reports' counters (core/reports/kpi-facts.ts gapReportCounters): of those reported in the period (UTC
   * days, as a gap report's day is), and of all reported so far (its status as it is now).
   */
  readonly gapCounts: { readonly inPeriod: KpiCounts; readonly all: KpiCounts };
  /** Meetings starting in the period; others are ignored. */
  readonly meetings: readonly KpiMeeting[];
  /** The case record's counters (core/counselling/record-counts.ts) of the period's days; other days are ignored. */
  readonly recordCounters?: readonly KpiCounter[];
}

/** One day's value of a counter of the case record. */
export interface KpiCounter {
  readonly day: string;
  readonly key: string;
  readonly n: number;
}

export interface KpiReportInput {
  readonly data: KpiData;
  readonly period: KpiPeriod;
  readonly profile: DistrictProfile;
  /** Figures leave the Kreis: small counts are suppressed (core/reports/suppression.ts). */
  readonly export: boolean;
  readonly now: Date;
  /** The target for "first contact within N working days". @default FIRST_CONTACT_WORKING_DAYS */
  readonly firstContactWorkingDays?: number;
}

/**
 * KIM Flow's default target for the first contact (the case manager told of the case), in working days after the
 * intake: assignment runs at once unless the case has to wait for a free place, so this mainly measures the
 * waiting list. A district that agrees another target with the Land changes it here.
 */
export const FIRST_CONTACT_WORKING_DAYS = 3;

export const firstContactWorkingDays = (input: KpiReportInput): number => input.firstContactWorkingDays ?? FIRST_CONTACT_WORKING_DAYS;

/** `2026-03-02` → "02.03.2026". */
export const germanDate = (date: string): string => `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;

export function nextDay(date: string): string {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}

/** The instants the period covers in the district's zone: from 00:00 of `from` up to (not including) 00:00 after `to`. */
export function periodWindow(period: KpiPeriod, timeZone: string): { readonly start: Date; readonly end: Date } {
  return { start: zonedInstant(period.from, '00:00', timeZone), end: zonedInstant(nextDay(period.to), '00:00', timeZone) };
}

/** Whether an instant (ISO) lies in the period's window. */
export function periodContains(period: KpiPeriod, timeZone: string): (iso: string) => boolean {
  const { start, end } = periodWindow(period, timeZone);
  return (iso) => {
    const at = Date.parse(iso);
    return at >= start.getTime() && at < end.getTime();
  };
}
