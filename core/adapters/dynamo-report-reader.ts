/**
 * Reads what the KPI report (core/reports/kpi-report.ts) counts, with Queries only, each through a key of
 * table-keys.ts:
 *  - the cases with intake in the window: gsi1 `CASES#<stage>` for each stage, sort key (`<createdAt>#<id>`)
 *    between the window's instants — one Query (and its pages) per stage;
 *  - the cases on the waiting list now: gsi1 `CASES#waiting-list`, whole partition;
 *  - the referrals of those cases: gsi2 `CASE#<id>#REFERRALS`, one Query per case, a few at a time;
 *  - all gap reports: gsi1 `GAPS`; the meetings starting in the window: gsi1 `MEETINGS` by start.
 *
 * No Scan: a Scan would read every item of the table (clients, consents, histories, mail markers) to find a few
 * kinds. The price is one Query per case of the period for its referrals; no index lists referrals by date.
 * Every Query names the attributes it needs (ProjectionExpression), so no personal data, free text or task token
 * is read: the case item carries none, and of a referral only status, service and timestamps are taken.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CASE_STAGES } from '../cases/case.ts';
import type { KpiReportReader } from '../reports/kpi-api.ts';
import type { KpiCase, KpiData, KpiMeeting, KpiPeriod, KpiReferral } from '../reports/kpi-report.ts';
import type { KpiCounter } from '../reports/kpi-input.ts';
import { fromCaseItemPart } from './items/case-item.ts';
import { fromGapReportItem } from './items/gap-report-item.ts';
import { fromMeetingItemPart } from './items/meeting-item.ts';
import { fromReferralItemPart } from './items/referral-item.ts';
import type { DynamoItem } from './items/table-attributes.ts';
import { queryAll } from './query-all.ts';
import { tableKeys } from './table-keys.ts';

/** Referral Queries in flight at once: quick for hundreds of cases, gentle on the table's read capacity. */
const CONCURRENT_QUERIES = 32;

const CASE_ATTRIBUTES = ['caseId', 'version', 'createdAt', 'stage', 'municipalityId', 'requestedFocusArea', 'focusArea', 'providerId', 'assessmentRequestedAt', 'expiresAt'] as const;
const REFERRAL_ATTRIBUTES = ['referralId', 'caseId', 'createdAt', 'serviceId', 'status', 'sentAt', 'outcomeReasonCode', 'expiresAt'] as const;
const GAP_REPORT_ATTRIBUTES = ['gapReportId', 'createdAt', 'source', 'reason', 'municipalityId', 'focusArea', 'needCategory', 'status'] as const;
const MEETING_ATTRIBUTES = ['bodyId', 'start', 'status', 'guests'] as const;

/** `#a, #b` with the names in ExpressionAttributeNames: some (status, start) are reserved words. */
function projection(attributes: readonly string[]): { ProjectionExpression: string; ExpressionAttributeNames: Record<string, string> } {
  return {
    ProjectionExpression: attributes.map((_, i) => `#p${i}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(attributes.map((name, i) => [`#p${i}`, name])),
  };
}

/** Runs `work` for every item, at most `limit` at once, results in input order. */
async function inBatches<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export class DynamoReportReader implements KpiReportReader {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private query(indexName: 'gsi1' | 'gsi2', partition: string, attributes: readonly string[], sortRange?: { from: string; to: string }): Promise<DynamoItem[]> {
    const { ProjectionExpression, ExpressionAttributeNames } = projection(attributes);
    return queryAll(this.documents, {
      TableName: this.tableName,
      IndexName: indexName,
      KeyConditionExpression: sortRange === undefined ? '#pk = :pk' : '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeNames: { ...ExpressionAttributeNames, '#pk': `${indexName}pk`, ...(sortRange === undefined ? {} : { '#sk': `${indexName}sk` }) },
      ExpressionAttributeValues: { ':pk': partition, ...(sortRange === undefined ? {} : { ':from': sortRange.from, ':to': sortRange.to }) },
      ProjectionExpression,
    });
  }

  /**
   * The case record's counters of the period's days: one Query per calendar month (the partition), the days as a
   * key condition — a year is twelve Queries, however many cases there are.
   */
  private async counters(days: KpiPeriod): Promise<KpiCounter[]> {
    const months: string[] = [];
    for (let month = days.from.slice(0, 7); month <= days.to.slice(0, 7); month = nextMonth(month)) months.push(month);
    const items = await Promise.all(
      months.map((month) =>
        queryAll(this.documents, {
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': tableKeys.kpiCounterMonth(month).pk, ':from': `${days.from}#`, ':to': `${days.to}#~` },
        }),
      ),
    );
    return items.flat().map((item) => {
      const sk = String(item.sk);
      return { day: sk.slice(0, 10), key: sk.slice(11), n: Number(item.n) };
    });
  }

  async readKpiData(window: { readonly start: Date; readonly end: Date }, _now: Date, days: KpiPeriod): Promise<KpiData> {
    // Sort keys are `<ISO instant>#<id>`: every key of an instant in [start, end) lies between the two bare
    // instants, and one at exactly `end` sorts after it (`…Z#…` > `…Z`).
    const range = { from: window.start.toISOString(), to: window.end.toISOString() };
    const [byStage, waiting, gapReports, meetings, recordCounters] = await Promise.all([
      Promise.all(CASE_STAGES.map((stage) => this.query('gsi1', tableKeys.casesInStage(stage).gsi1pk, CASE_ATTRIBUTES, range))),
      this.query('gsi1', tableKeys.casesInStage('waiting-list').gsi1pk, CASE_ATTRIBUTES),
      this.query('gsi1', tableKeys.gapReports().gsi1pk, GAP_REPORT_ATTRIBUTES),
      this.query('gsi1', tableKeys.meetings().gsi1pk, MEETING_ATTRIBUTES, range),
      this.counters(days),
    ]);
    const kpiCase = (item: DynamoItem): KpiCase & { version: number } => fromCaseItemPart(item, CASE_ATTRIBUTES);
    const cases = newestVersions(byStage.flat().map(kpiCase));
    const referrals = (
      await inBatches(cases, CONCURRENT_QUERIES, (record) => this.query('gsi2', tableKeys.referralsOfCase(record.caseId).gsi2pk, REFERRAL_ATTRIBUTES))
    )
      .flat()
      .map((item): KpiReferral => fromReferralItemPart(item, REFERRAL_ATTRIBUTES));
    return {
      cases,
      referrals,
      recordCounters,
      waitingList: waiting.map(kpiCase),
      // Projected to what the report counts; the report's type names the whole report.
      gapReports: gapReports.map(fromGapReportItem),
      meetings: meetings
        .map((item) => fromMeetingItemPart(item, MEETING_ATTRIBUTES))
        .map(
          (meeting): KpiMeeting => ({
            bodyId: meeting.bodyId,
            start: meeting.start,
            status: meeting.status === 'cancelled' ? 'cancelled' : 'scheduled',
            // Only how many: names and addresses of guests stay here.
            guestCount: meeting.guests.length,
          }),
        ),
    };
  }
}

/**
 * The index is eventually consistent and a case changes its stage partition as it moves on, so while the Queries
 * run a case can show up under two stages: the newer version counts.
 */
function newestVersions(items: readonly (KpiCase & { version?: number })[]): KpiCase[] {
  const newest = new Map<string, KpiCase & { version?: number }>();
  for (const item of items) {
    const seen = newest.get(item.caseId);
    if (seen === undefined || (item.version ?? 0) > (seen.version ?? 0)) newest.set(item.caseId, item);
  }
  return [...newest.values()].map(({ version: _version, ...record }) => record);
}

/** `2026-12` → `2027-01`. */
function nextMonth(month: string): string {
  const [year = 0, m = 1] = month.split('-').map(Number);
  return m === 12 ? `${String(year + 1)}-01` : `${String(year)}-${String(m + 1).padStart(2, '0')}`;
}
