/**
 * Reads what the KPI report (core/reports/kpi-report.ts) counts, with Queries only, each through a key of
 * table-keys.ts, and none whose size grows with the number of cases in the period:
 *  - the cohort's counters (core/reports/kpi-facts.ts, written with the facts by kpi-aggregate-writes.ts): the
 *    month items of the months the period covers whole (one Query) and the day items of the months it covers in
 *    part (one Query each, at most two) — a two-year report reads at most 24 + 62 items;
 *  - how many cases are on the waiting list now: the case list's counters of that stage (dynamo-case-list.ts);
 *  - the gap reports' counters (gap-report-counter-writes.ts): of the period, as the cohort's; and every month's
 *    (twelve items a year) for the reports open now;
 *  - the meetings starting in the window: gsi1 `MEETINGS` by start (bodies' meetings: not the cases' scale);
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
import { fromMeetingItemPart } from './items/meeting-item.ts';
import type { DynamoItem } from './items/table-attributes.ts';
import { queryAll } from './query-all.ts';
import { tableKeys } from './table-keys.ts';

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

  /** The items of one partition, or those between two sort keys. */
  private async counterItems(pk: string, range?: { readonly from: string; readonly to: string }): Promise<DynamoItem[]> {
    return queryAll(this.documents, {
      TableName: this.tableName,
      KeyConditionExpression: range === undefined ? 'pk = :pk' : 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': pk, ...(range === undefined ? {} : { ':from': range.from, ':to': range.to }) },
    });
  }

  /**
   * Counters of the period's days (cohort or gap reports, by the keys given): whole months from the month items, the
   * days of the months covered in part from the day items.
   */
  private async periodCounts(days: KpiPeriod, keys: { readonly months: string; readonly daysOfYear: (year: string) => string }): Promise<Map<string, number>> {
    const { wholeMonths, partDays } = periodParts(days);
    return summed(
      await Promise.all([
        ...(wholeMonths === undefined ? [] : [this.counterItems(keys.months, wholeMonths)]),
        ...partDays.map((range) => this.counterItems(keys.daysOfYear(range.from.slice(0, 4)), range)),
      ]),
    );
  }

  async readKpiData(window: { readonly start: Date; readonly end: Date }, now: Date, days: KpiPeriod): Promise<KpiData> {
    // Sort keys are `<ISO instant>#<id>`: every key of an instant in [start, end) lies between the two bare
    // instants, and one at exactly `end` sorts after it (`…Z#…` > `…Z`).
    const range = { from: window.start.toISOString(), to: window.end.toISOString() };
    const [cohort, waitingListNow, gapsInPeriod, gapMonths, meetings, recordCounters] = await Promise.all([
      this.periodCounts(days, { months: tableKeys.kpiCohortMonths().pk, daysOfYear: (year) => tableKeys.kpiCohortDaysOfYear(year).pk }),
      countCaseList(this.documents, this.tableName, { by: 'all' }, 'waiting-list', now),
      this.periodCounts(days, { months: tableKeys.kpiGapMonths().pk, daysOfYear: (year) => tableKeys.kpiGapDaysOfYear(year).pk }),
      // Every month's gap counters: twelve items a year, for the reports still open now.
      this.counterItems(tableKeys.kpiGapMonths().pk),
      this.query('gsi1', tableKeys.meetings().gsi1pk, MEETING_ATTRIBUTES, range),
      this.counters(days),
    ]);
    return {
      cohort,
      recordCounters,
      waitingListNow,
      gapCounts: { inPeriod: gapsInPeriod, all: summed([gapMonths]) },
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

/** The counters of counter items (attributes `k:<name>`), summed. */
function summed(pages: readonly (readonly DynamoItem[])[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of pages.flat()) {
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
