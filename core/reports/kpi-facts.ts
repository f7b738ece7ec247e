/**
 * What one case contributes to the KPI report, as counters: the report's cost must not grow with the number of
 * cases, so every write of a case or a referral moves the counters of the case's intake day in the same transaction
 * (core/adapters/kpi-aggregate-writes.ts), and the report sums the counters of its period's days
 * (core/reports/kpi-report.ts) instead of reading every case.
 *
 * A case's counters are a pure function of its facts (the case's and its referrals' non-personal fields): a write
 * takes the counters of the facts before and after and adds the difference. The same function builds the counters
 * from scratch (the backfill, `npm run backfill`), so live counting and rebuilding cannot drift apart.
 *
 * Exactness: counts are exact. Durations are kept rounded (durationBucket: to 0.1 day below 10 days, to whole days
 * below 100, to 10 days above), so median and 90th percentile are exact for the rounded durations — within
 * 0.05 day below 10 days and 5 % above. "In time" is exact: the lag in working days is kept (kpi-calendar.ts).
 */
import { localDate } from '../calendar/local-date.ts';
import type { CaseRecord } from '../cases/case.ts';
import type { GapReport, GapStatus } from '../cases/gap-report.ts';
import type { ReferralRecord, ReferralStatus } from '../cases/referral.ts';
import { workingDaysLag, type KpiCalendar } from './kpi-calendar.ts';
import { DAY_MS } from '../clock.ts';

/** The case fields the report counts: none of them personal. */
export type KpiCase = Pick<CaseRecord, 'caseId' | 'createdAt' | 'stage' | 'municipalityId' | 'requestedFocusArea' | 'focusArea' | 'providerId' | 'assessmentRequestedAt'>;

/** The referral fields the report counts: the decline's reason code, never the free text beside it. */
export type KpiReferral = Pick<ReferralRecord, 'referralId' | 'caseId' | 'createdAt' | 'serviceId' | 'status' | 'sentAt' | 'outcomeReasonCode'>;

export interface KpiCaseFacts {
  readonly case: KpiCase;
  readonly referrals: readonly KpiReferral[];
}

/** Counter name → value; a period's counts are the sum over its days. */
export type KpiCounts = ReadonlyMap<string, number>;

export const REFERRAL_OUTCOME_GROUPS = ['accepted', 'declined', 'completed', 'no-show', 'open', 'held-back', 'gap', 'stopped'] as const;
export type ReferralOutcomeGroup = (typeof REFERRAL_OUTCOME_GROUPS)[number];

const OUTCOME_GROUP_OF: Readonly<Record<ReferralStatus, ReferralOutcomeGroup>> = {
  planned: 'open',
  sent: 'open',
  accepted: 'accepted',
  declined: 'declined',
  completed: 'completed',
  'no-show': 'no-show',
  'held-no-consent': 'held-back',
  gap: 'gap',
  stopped: 'stopped',
};

/** The outcome a referral counts under: every status belongs to exactly one group, so the groups add up. */
export const referralOutcomeGroup = (status: ReferralStatus): ReferralOutcomeGroup => OUTCOME_GROUP_OF[status];

/** The statuses in which the service has answered a referral. */
export const ANSWERED_STATUSES: readonly ReferralStatus[] = ['accepted', 'declined', 'completed', 'no-show'];

/** The row of cases or referrals that have no value yet (no focus area, no provider, no service, no reason code). */
export const NONE = 'none';

/** Durations from the intake, in days, kept as histograms of rounded values. */
export const DURATIONS = ['firstContact', 'assessment', 'firstReferralSent'] as const;
export type DurationId = (typeof DURATIONS)[number];

/**
 * The counters' names. A breakdown's rows share a prefix and end in the row's id (a profile id or a code), so the
 * report reads a breakdown as "every counter with this prefix".
 */
export const KPI_COUNTERS = {
  cases: 'cases',
  byRequestedFocusArea: 'cases.requestedFocusArea.',
  byFocusArea: 'cases.focusArea.',
  byMunicipality: 'cases.municipality.',
  byProvider: 'cases.provider.',
  byStage: 'cases.stage.',
  /** Cases with an assessment (at least one referral), of them those with a completed referral. */
  assessed: 'cases.assessed',
  assessedWithCompleted: 'cases.assessed.completed',
  /** Cases with a referral to a service, of them those with referrals to two services or more. */
  withService: 'cases.withService',
  withTwoServices: 'cases.withTwoServices',
  referralsByService: 'referrals.service.',
  referralsByOutcome: 'referrals.outcome.',
  declinedByReason: 'referrals.declinedReason.',
  sent: 'referrals.sent',
  sentAnswered: 'referrals.sentAnswered',
  /** `durations.<id>.<rounded days>` */
  duration: (id: DurationId): string => `durations.${id}.`,
  /** `timely.firstContact.done.<working days from the intake to the day told>` | `…open.<intake day>` */
  firstContactTimely: 'timely.firstContact.',
  /** `timely.assessment.done.<working days from the day told to the day assessed>` | `…open.<day told>` */
  assessmentTimely: 'timely.assessment.',
} as const;

/** The value a duration is kept as (see the module comment for how exact that is). */
export function durationBucket(days: number): number {
  if (days < 10) return Math.round(days * 10) / 10;
  if (days < 100) return Math.round(days);
  return Math.round(days / 10) * 10;
}

/** The day of an instant in the district's zone: a case counts on its intake day. */
export const intakeDayOf = (record: Pick<KpiCase, 'createdAt'>, timeZone: string): string => localDate(new Date(record.createdAt), timeZone);

const daysBetween = (from: string, to: string): number => Math.max(0, (Date.parse(to) - Date.parse(from)) / DAY_MS);

const earliest = (instants: readonly (string | undefined)[]): string | undefined =>
  instants.filter((at): at is string => at !== undefined).sort()[0];

/** The case's counters, each 1 (or a tally of referrals): add them to count the case, subtract them to uncount it. */
export function caseCounters(facts: KpiCaseFacts, calendar: KpiCalendar): Map<string, number> {
  const record = facts.case;
  const counts = new Map<string, number>();
  const add = (key: string, by = 1): void => {
    counts.set(key, (counts.get(key) ?? 0) + by);
  };
  const day = (iso: string): string => localDate(new Date(iso), calendar.timeZone);
  // Done: how late, in working days (the report compares with its target); open: since when (due once it passes).
  const timely = (prefix: string, start: string, end: string | undefined): string =>
    end === undefined ? `${prefix}open.${day(start)}` : `${prefix}done.${String(workingDaysLag(calendar, day(start), day(end)))}`;
  add(KPI_COUNTERS.cases);
  add(KPI_COUNTERS.byRequestedFocusArea + record.requestedFocusArea);
  add(KPI_COUNTERS.byFocusArea + (record.focusArea ?? NONE));
  add(KPI_COUNTERS.byMunicipality + record.municipalityId);
  add(KPI_COUNTERS.byProvider + (record.providerId ?? NONE));
  add(KPI_COUNTERS.byStage + record.stage);

  const { referrals } = facts;
  for (const referral of referrals) {
    add(KPI_COUNTERS.referralsByService + (referral.serviceId ?? NONE));
    add(KPI_COUNTERS.referralsByOutcome + referralOutcomeGroup(referral.status));
    if (referral.status === 'declined') add(KPI_COUNTERS.declinedByReason + (referral.outcomeReasonCode ?? NONE));
    if (referral.sentAt !== undefined) {
      add(KPI_COUNTERS.sent);
      if (ANSWERED_STATUSES.includes(referral.status)) add(KPI_COUNTERS.sentAnswered);
    }
  }
  // The assessment creates the case's first referrals: it was recorded when the first of them was created.
  const assessedAt = earliest(referrals.map((r) => r.createdAt));
  const firstSentAt = earliest(referrals.map((r) => r.sentAt));
  if (assessedAt !== undefined) {
    add(KPI_COUNTERS.assessed);
    if (referrals.some((r) => r.status === 'completed')) add(KPI_COUNTERS.assessedWithCompleted);
  }
  const services = new Set(referrals.flatMap((r) => r.serviceId ?? []));
  if (services.size >= 1) add(KPI_COUNTERS.withService);
  if (services.size >= 2) add(KPI_COUNTERS.withTwoServices);

  const ends: Readonly<Record<DurationId, string | undefined>> = { firstContact: record.assessmentRequestedAt, assessment: assessedAt, firstReferralSent: firstSentAt };
  for (const id of DURATIONS) {
    const end = ends[id];
    if (end !== undefined) add(KPI_COUNTERS.duration(id) + String(durationBucket(daysBetween(record.createdAt, end))));
  }
  add(timely(KPI_COUNTERS.firstContactTimely, record.createdAt, record.assessmentRequestedAt));
  if (record.assessmentRequestedAt !== undefined) add(timely(KPI_COUNTERS.assessmentTimely, record.assessmentRequestedAt, assessedAt));
  return counts;
}

/** `after − before`, without the counters that did not move. */
export function countsDelta(before: KpiCounts, after: KpiCounts): Map<string, number> {
  const delta = new Map<string, number>();
  for (const [key, n] of after) delta.set(key, n);
  for (const [key, n] of before) delta.set(key, (delta.get(key) ?? 0) - n);
  for (const [key, n] of delta) if (n === 0) delta.delete(key);
  return delta;
}

/** Adds `counts` into `into` (summing a period's days, or a backfill's cases). */
export function addCounts(into: Map<string, number>, counts: KpiCounts): Map<string, number> {
  for (const [key, n] of counts) into.set(key, (into.get(key) ?? 0) + n);
  return into;
}

/** The rows of a breakdown: every counter under `prefix`, by the rest of its name. */
export function countsUnder(counts: KpiCounts, prefix: string): Map<string, number> {
  const rows = new Map<string, number>();
  for (const [key, n] of counts) if (key.startsWith(prefix) && n !== 0) rows.set(key.slice(prefix.length), n);
  return rows;
}

/** The facts of a case and its referrals, projected to what the report counts. */
export function kpiFactsOf(record: KpiCase, referrals: readonly KpiReferral[]): KpiCaseFacts {
  const pick = ({ caseId, createdAt, stage, municipalityId, requestedFocusArea, focusArea, providerId, assessmentRequestedAt }: KpiCase): KpiCase => ({
    caseId,
    createdAt,
    stage,
    municipalityId,
    requestedFocusArea,
    ...(focusArea === undefined ? {} : { focusArea }),
    ...(providerId === undefined ? {} : { providerId }),
    ...(assessmentRequestedAt === undefined ? {} : { assessmentRequestedAt }),
  });
  return { case: pick(record), referrals: referrals.map(kpiReferralOf).sort((a, b) => a.referralId.localeCompare(b.referralId)) };
}

export function kpiReferralOf({ referralId, caseId, createdAt, serviceId, status, sentAt, outcomeReasonCode }: KpiReferral): KpiReferral {
  return {
    referralId,
    caseId,
    createdAt,
    status,
    ...(serviceId === undefined ? {} : { serviceId }),
    ...(sentAt === undefined ? {} : { sentAt }),
    ...(outcomeReasonCode === undefined ? {} : { outcomeReasonCode }),
  };
}

/** Whether a write changes what the report counts of a case (otherwise it needs no counters at all). */
export const caseFactsChanged = (before: KpiCase | undefined, after: KpiCase): boolean =>
  before === undefined || JSON.stringify(kpiFactsOf(before, []).case) !== JSON.stringify(kpiFactsOf(after, []).case);

export const referralFactsChanged = (before: KpiReferral | undefined, after: KpiReferral): boolean =>
  before === undefined || JSON.stringify(kpiReferralOf(before)) !== JSON.stringify(kpiReferralOf(after));

/** The facts of many cases, their referrals joined by case id (the backfill reads them apart). */
export function factsOfCases(cases: readonly KpiCase[], referrals: readonly KpiReferral[]): KpiCaseFacts[] {
  const byCase = new Map<string, KpiReferral[]>();
  for (const referral of referrals) byCase.set(referral.caseId, [...(byCase.get(referral.caseId) ?? []), referral]);
  return cases.map((record) => kpiFactsOf(record, byCase.get(record.caseId) ?? []));
}

/** The counters of many cases by their intake day: what the live writes add up to, built at once (backfill). */
export function countsByIntakeDay(facts: Iterable<KpiCaseFacts>, calendar: KpiCalendar): Map<string, Map<string, number>> {
  const days = new Map<string, Map<string, number>>();
  for (const one of facts) {
    const day = intakeDayOf(one.case, calendar.timeZone);
    days.set(day, addCounts(days.get(day) ?? new Map<string, number>(), caseCounters(one, calendar)));
  }
  return days;
}

/**
 * Gap reports not yet dealt with: new, checked or routed to a body. Closed ones are done; merged ones live on in the
 * report they were merged into, so each gap counts once.
 */
export const OPEN_GAP_STATUSES: readonly GapStatus[] = ['new', 'accepted', 'routed'];

export const GAP_COUNTERS = { reported: 'gaps.reported.', open: 'gaps.open.' } as const;

/** A gap report's counters, kept on the day it was reported (a UTC date, core/cases/gap-report.ts). */
export function gapReportCounters(report: Pick<GapReport, 'reason' | 'status'>): Map<string, number> {
  return new Map([[GAP_COUNTERS.reported + report.reason, 1], ...(OPEN_GAP_STATUSES.includes(report.status) ? [[GAP_COUNTERS.open + report.reason, 1] as const] : [])]);
}

/** The counters of many gap reports by the day they were reported: what the live writes add up to (backfill). */
export function gapCountsByDay(reports: Iterable<GapReport>): Map<string, Map<string, number>> {
  const days = new Map<string, Map<string, number>>();
  for (const report of reports) days.set(report.createdAt, addCounts(days.get(report.createdAt) ?? new Map<string, number>(), gapReportCounters(report)));
  return days;
}
