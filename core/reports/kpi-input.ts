/**
 * What the KPI report is made from, and the cohort its figures count.
 *
 * Basis (the "cohort"): every case whose intake lies in the period (days in the district's time zone), with its
 * stage, provider and referrals as they are when the report is made. Durations, shares and referral outcomes all
 * refer to these cases, so the figures of one report fit together. Exceptions, each named in its table: the
 * waiting list now (all cases), gap reports (by the day they were reported) and meetings (by their start).
 *
 * No personal data: the input holds the case items' non-personal fields only.
 */
import type { CaseRecord } from '../cases/case.ts';
import type { GapReport } from '../cases/gap-report.ts';
import type { ReferralRecord } from '../cases/referral.ts';
import { zonedInstant } from '../calendar/zoned-time.ts';
import type { DistrictProfile } from '../profile/schema.ts';

/** A period of whole days, both included (`YYYY-MM-DD`, the district's time zone). */
export interface KpiPeriod {
  readonly from: string;
  readonly to: string;
}

/** The case fields the report uses: none of them personal; the case id only joins referrals to their case. */
export type KpiCase = Pick<
  CaseRecord,
  'caseId' | 'createdAt' | 'stage' | 'municipalityId' | 'requestedFocusArea' | 'focusArea' | 'providerId' | 'assessmentRequestedAt' | 'expiresAt'
>;

/** The referral fields the report uses: the decline's reason code, never the free text beside it. */
export type KpiReferral = Pick<ReferralRecord, 'referralId' | 'caseId' | 'createdAt' | 'serviceId' | 'status' | 'sentAt' | 'outcomeReasonCode'> & {
  /** Set on closure of the case (retention); TTL deletes late, so expired items are skipped here. */
  readonly expiresAt?: number;
};

/** A meeting of a body, reduced to what the report counts (guests as a number, never their names). */
export interface KpiMeeting {
  readonly bodyId: string;
  readonly start: string;
  readonly status: 'scheduled' | 'cancelled';
  readonly guestCount: number;
}

export interface KpiData {
  /** The cases whose intake lies in the period; others are ignored. */
  readonly cases: readonly KpiCase[];
  /** The referrals of those cases; referrals of other cases are ignored. */
  readonly referrals: readonly KpiReferral[];
  /** The cases on the waiting list now, whatever their intake date. */
  readonly waitingList: readonly KpiCase[];
  /** All gap reports. */
  readonly gapReports: readonly GapReport[];
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

export const DAY_MS = 86_400_000;

/** `2026-03-02` → "02.03.2026". */
export const germanDate = (date: string): string => `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;

function nextDay(date: string): string {
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

/** Past its retention period: TTL deletes late, so the item may still be read but no longer counts. */
export const isExpired = (item: { readonly expiresAt?: number }, now: Date): boolean => item.expiresAt !== undefined && item.expiresAt * 1000 <= now.getTime();

/**
 * Each item once by its key, the last read winning (in the place of the first): the reader queries partition by
 * partition (cases one per stage), so an item that moves while they are read can come twice.
 */
export const eachOnce = <T>(items: readonly T[], key: (item: T) => string): T[] => [...new Map(items.map((item) => [key(item), item])).values()];

export interface KpiCohort {
  /** The cases with intake in the period, not past their retention period. */
  readonly cases: readonly KpiCase[];
  /** The referrals of these cases, not past their retention period. */
  readonly referrals: readonly KpiReferral[];
  referralsOf(caseId: string): readonly KpiReferral[];
}

export function selectCohort(input: KpiReportInput): KpiCohort {
  const inPeriod = periodContains(input.period, input.profile.district.timeZone);
  const cases = eachOnce(
    input.data.cases.filter((record) => inPeriod(record.createdAt) && !isExpired(record, input.now)),
    (record) => record.caseId,
  );
  const caseIds = new Set(cases.map((record) => record.caseId));
  const referrals = eachOnce(
    input.data.referrals.filter((referral) => caseIds.has(referral.caseId) && !isExpired(referral, input.now)),
    (referral) => referral.referralId,
  );
  const byCase = new Map<string, KpiReferral[]>();
  for (const referral of referrals) byCase.set(referral.caseId, [...(byCase.get(referral.caseId) ?? []), referral]);
  return { cases, referrals, referralsOf: (caseId) => byCase.get(caseId) ?? [] };
}

/** The assessment creates a case's referrals, so it was recorded when the first of them was created. */
export const assessedAt = (cohort: KpiCohort, record: KpiCase): string | undefined =>
  cohort.referralsOf(record.caseId).map((referral) => referral.createdAt).sort()[0];
