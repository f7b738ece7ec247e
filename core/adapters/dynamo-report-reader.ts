/**
 * Reads what the KPI report (core/reports/kpi-report.ts) counts, with Queries only, each through a key of
 * table-keys.ts, and none whose size grows with the number of cases in the period:
 *  - the cohort's counters (core/reports/kpi-facts.ts, written with the facts by kpi-aggregate-writes.ts): the
 *    month items of the months the period covers whole (one Query) and the day items of the months it covers in
 *    part (one Query each, at most two) — a two-year report reads at most 24 + 62 items;
 *  - how many cases are on the waiting list now: the case list's counters of that stage (dynamo-case-list.ts);
 *  - all gap reports: gsi1 `GAPS`; the meetings starting in the window: gsi1 `MEETINGS` by start;
 *  - the case record's counters of the period's days (one Query per month).
 *
 * No Scan, and no personal data: counters carry codes, and every other Query names the attributes it needs
 * (ProjectionExpression).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { KpiReportReader } from '../reports/kpi-api.ts';
import { addCalendarDays } from '../calendar/local-date.ts';
import { addCounts } from '../reports/kpi-facts.ts';
import type { KpiData, KpiMeeting, KpiPeriod } from '../reports/kpi-report.ts';
import type { KpiCounter } from '../reports/kpi-input.ts';
import { countCaseList } from './dynamo-case-list.ts';
import { COUNTER_ATTRIBUTE_PREFIX } from './kpi-aggregate-writes.ts';
import { fromGapReportItem } from './items/gap-report-item.ts';
import { fromMeetingItemPart } from './items/meeting-item.ts';
import type { DynamoItem } from './items/table-attributes.ts';
import { queryAll } from './query-all.ts';
import { tableKeys } from './table-keys.ts';

const GAP_REPORT_ATTRIBUTES = ['gapReportId', 'createdAt', 'source', 'reason', 'municipalityId', 'focusArea', 'needCategory', 'status'] as const;
const MEETING_ATTRIBUTES = ['bodyId', 'start', 'status', 'guests'] as const;

/** `#a, #b` with the names in ExpressionAttributeNames: some (status, start) are reserved words. */
function projection(attributes: readonly string[]): { ProjectionExpression: string; ExpressionAttributeNames: Record<string, string> } {
  return {
    ProjectionExpression: attributes.map((_, i) => `#p${i}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(attributes.map((name, i) => [`#p${i}`, name])),
  };
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

  /** Counters of one partition's items between two sort keys, summed. */
  private async cohortItems(pk: string, from: string, to: string): Promise<DynamoItem[]> {
    return queryAll(this.documents, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
    });
  }

  /** The cohort's counters: whole months from the month items, the days of the months covered in part from day items. */
  private async cohort(days: KpiPeriod): Promise<Map<string, number>> {
    const { wholeMonths, partDays } = periodParts(days);
    const reads = [
      ...(wholeMonths === undefined ? [] : [this.cohortItems(tableKeys.kpiCohortMonths().pk, wholeMonths.from, wholeMonths.to)]),
      ...partDays.map((range) => this.cohortItems(tableKeys.kpiCohortDaysOfYear(range.from.slice(0, 4)).pk, range.from, range.to)),
    ];
    const counts = new Map<string, number>();
    for (const item of (await Promise.all(reads)).flat()) {
      addCounts(
        counts,
        new Map(
          Object.entries(item)
            .filter(([name]) => name.startsWith(COUNTER_ATTRIBUTE_PREFIX))
            .map(([name, n]) => [name.slice(COUNTER_ATTRIBUTE_PREFIX.length), Number(n)]),
        ),
      );
    }
    return counts;
  }

  async readKpiData(window: { readonly start: Date; readonly end: Date }, now: Date, days: KpiPeriod): Promise<KpiData> {
    // Sort keys are `<ISO instant>#<id>`: every key of an instant in [start, end) lies between the two bare
    // instants, and one at exactly `end` sorts after it (`…Z#…` > `…Z`).
    const range = { from: window.start.toISOString(), to: window.end.toISOString() };
    const [cohort, waitingListNow, gapReports, meetings, recordCounters] = await Promise.all([
      this.cohort(days),
      countCaseList(this.documents, this.tableName, { by: 'all' }, 'waiting-list', now),
      this.query('gsi1', tableKeys.gapReports().gsi1pk, GAP_REPORT_ATTRIBUTES),
      this.query('gsi1', tableKeys.meetings().gsi1pk, MEETING_ATTRIBUTES, range),
      this.counters(days),
    ]);
    return {
      cohort,
      recordCounters,
      waitingListNow,
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

/** The last day (`YYYY-MM-DD`) of a month (`YYYY-MM`). */
const lastDayOf = (month: string): string => addCalendarDays(`${nextMonth(month)}-01`, -1);

/**
 * A period split into the months it covers whole (a range of `YYYY-MM`, maybe none) and the day ranges of the
 * months it covers in part (at most two, each within one month and so one year's partition).
 */
export function periodParts(days: KpiPeriod): { readonly wholeMonths?: { readonly from: string; readonly to: string }; readonly partDays: readonly { readonly from: string; readonly to: string }[] } {
  const whole: string[] = [];
  const partDays: { from: string; to: string }[] = [];
  for (let month = days.from.slice(0, 7); month <= days.to.slice(0, 7); month = nextMonth(month)) {
    const first = `${month}-01`;
    const last = lastDayOf(month);
    if (days.from <= first && days.to >= last) whole.push(month);
    else partDays.push({ from: days.from > first ? days.from : first, to: days.to < last ? days.to : last });
  }
  const [firstWhole] = whole;
  const lastWhole = whole.at(-1);
  return { ...(firstWhole === undefined || lastWhole === undefined ? {} : { wholeMonths: { from: firstWhole, to: lastWhole } }), partDays };
}

/** `2026-12` → `2027-01`. */
function nextMonth(month: string): string {
  const [year = 0, m = 1] = month.split('-').map(Number);
  return m === 12 ? `${String(year + 1)}-01` : `${String(year)}-${String(m + 1).padStart(2, '0')}`;
}
