/**
 * Builds what the case writes derive (case-derived-writes.ts) from the facts in the table — the KPI counters
 * (kpi-aggregate-writes.ts), the gap reports' counters (gap-report-counter-writes.ts) and the case list's entries and
 * counts and the open cases' entries by activity (case-list-backfill.ts) — for data written before they existed, or to repair them. Every case is read by key conditions (gsi1 `CASES#<stage>`, its referrals
 * by gsi2 `CASE#<id>#REFERRALS`); its facts item and every day and month counter item are then written whole
 * (Put), and counter items no case counts any more are deleted — so a second run gives the same table.
 *
 * Cases past their retention period are left out: TTL deletes them at a moment of its own, and a rebuild must not
 * depend on whether it came first (live counting keeps a case counted after its deletion).
 *
 * Run it while nobody works on cases (e.g. right after deploying this version): a case written during the run may
 * be counted twice or not at all; running it again repairs that.
 */
import { CASE_STAGES, type CaseRecord } from '../cases/case.ts';
import { caseListItems } from './case-list-backfill.ts';
import { addCounts, countsByIntakeDay, gapCountsByDay, kpiFactsOf, type KpiCaseFacts } from '../reports/kpi-facts.ts';
import { COUNTER_ATTRIBUTE_PREFIX, kpiFactsItem, type CountedTable } from './kpi-aggregate-writes.ts';
import { fromCaseItem } from './items/case-item.ts';
import { fromGapReportItem } from './items/gap-report-item.ts';
import { fromReferralItem } from './items/referral-item.ts';
import type { DynamoItem } from './items/table-attributes.ts';
import { batchWrite } from './batch-writes.ts';
import { queryAll } from './query-all.ts';
import { tableKeys } from './table-keys.ts';

/** Referral Queries in flight at once: quick for thousands of cases, gentle on the table's read capacity. */
const CONCURRENT_QUERIES = 16;

export interface BackfillProgress {
  readonly phase: 'read' | 'write';
  readonly done: number;
  readonly total: number;
}

export interface BackfillResult {
  readonly cases: number;
  readonly days: number;
  readonly months: number;
  readonly removed: number;
}

async function caseFacts(table: CountedTable, now: Date, onProgress: (progress: BackfillProgress) => void): Promise<{ facts: KpiCaseFacts[]; cases: CaseRecord[] }> {
  const items = (
    await Promise.all(
      CASE_STAGES.map((stage) =>
        queryAll(table.documents, { TableName: table.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': tableKeys.casesInStage(stage).gsi1pk } }),
      ),
    )
  ).flat();
  // A case moving between stages while the partitions are read can come twice: the newer version counts.
  const cases = new Map<string, ReturnType<typeof fromCaseItem>>();
  for (const record of items.map(fromCaseItem)) if ((cases.get(record.caseId)?.version ?? -1) < record.version) cases.set(record.caseId, record);
  const list = [...cases.values()].filter((record) => record.expiresAt === undefined || record.expiresAt * 1000 > now.getTime());
  const facts: KpiCaseFacts[] = new Array<KpiCaseFacts>(list.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const index = next;
      next += 1;
      const record = list[index];
      if (record === undefined) continue;
      const referrals = await queryAll(table.documents, {
        TableName: table.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': tableKeys.referralsOfCase(record.caseId).gsi2pk },
      });
      facts[index] = kpiFactsOf(record, referrals.map(fromReferralItem));
      done += 1;
      if (done % 500 === 0) onProgress({ phase: 'read', done, total: list.length });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_QUERIES, list.length) }, worker));
  onProgress({ phase: 'read', done: list.length, total: list.length });
  return { facts, cases: list };
}

const counterItem = (key: { readonly pk: string; readonly sk: string }, counts: ReadonlyMap<string, number>): DynamoItem => ({
  ...key,
  type: 'kpiCohort',
  ...Object.fromEntries([...counts].filter(([, n]) => n !== 0).map(([name, n]) => [`${COUNTER_ATTRIBUTE_PREFIX}${name}`, n])),
});

async function writeBatches(table: CountedTable, requests: Parameters<typeof batchWrite>[2], onProgress: (progress: BackfillProgress) => void): Promise<void> {
  let pages = 0;
  await batchWrite(table.documents, table.tableName, requests, {
    attempts: 8,
    failure: (left) => new Error(`${String(left)} KPI items could not be written (throttled)`),
    // Every 40th page (1,000 items): progress without a line per page.
    onPage: (done) => {
      if (pages++ % 40 === 0) onProgress({ phase: 'write', done, total: requests.length });
    },
  });
  onProgress({ phase: 'write', done: requests.length, total: requests.length });
}

/** Where one family of counters lives: its month partition and its day partition of a year (table-keys.ts). */
interface CounterFamily {
  readonly months: string;
  readonly daysOfYear: (year: string) => string;
  readonly day: (day: string) => { pk: string; sk: string };
  readonly month: (month: string) => { pk: string; sk: string };
}

const COHORT: CounterFamily = {
  months: tableKeys.kpiCohortMonths().pk,
  daysOfYear: (year) => tableKeys.kpiCohortDaysOfYear(year).pk,
  day: tableKeys.kpiCohortDay,
  month: tableKeys.kpiCohortMonth,
};
const GAPS: CounterFamily = { months: tableKeys.kpiGapMonths().pk, daysOfYear: (year) => tableKeys.kpiGapDaysOfYear(year).pk, day: tableKeys.kpiGapDay, month: tableKeys.kpiGapMonth };

const keysOf = (table: CountedTable, pk: string) =>
  queryAll(table.documents, { TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ProjectionExpression: 'pk, sk' });

/**
 * A family's counter items as they must be (day and month items of the counts by day), and the keys of those there
 * are now but must not be: the month partition and the day partition of every year either names.
 */
async function familyItems(table: CountedTable, family: CounterFamily, byDay: ReadonlyMap<string, ReadonlyMap<string, number>>): Promise<{ items: DynamoItem[]; stale: { pk: string; sk: string }[] }> {
  const byMonth = new Map<string, Map<string, number>>();
  for (const [day, counts] of byDay) byMonth.set(day.slice(0, 7), addCounts(byMonth.get(day.slice(0, 7)) ?? new Map<string, number>(), counts));
  const items = [...[...byDay].map(([day, counts]) => counterItem(family.day(day), counts)), ...[...byMonth].map(([month, counts]) => counterItem(family.month(month), counts))];
  const months = await keysOf(table, family.months);
  const years = new Set([...[...byDay.keys()].map((day) => day.slice(0, 4)), ...months.map((item) => String(item.sk).slice(0, 4))]);
  const days = await Promise.all([...years].map((year) => keysOf(table, family.daysOfYear(year))));
  const written = new Set(items.map((item) => `${String(item.pk)}|${String(item.sk)}`));
  const stale = [...months, ...days.flat()].map((item) => ({ pk: String(item.pk), sk: String(item.sk) })).filter((key) => !written.has(`${key.pk}|${key.sk}`));
  return { items, stale };
}

export async function rebuildKpiCounters(table: CountedTable, now: Date, onProgress: (progress: BackfillProgress) => void = () => undefined): Promise<BackfillResult> {
  const { facts, cases } = await caseFacts(table, now, onProgress);
  const expiresAt = new Map(cases.flatMap((record) => (record.expiresAt === undefined ? [] : [[record.caseId, record.expiresAt] as const])));
  const byDay = countsByIntakeDay(facts, table.calendar);
  const gapReports = await queryAll(table.documents, { TableName: table.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': tableKeys.gapReports().gsi1pk } });
  const [cohort, gaps] = await Promise.all([familyItems(table, COHORT, byDay), familyItems(table, GAPS, gapCountsByDay(gapReports.map(fromGapReportItem)))]);
  const stale = [...cohort.stale, ...gaps.stale];
  await writeBatches(
    table,
    [
      // A version no live write has seen: one that read the facts before fails its condition and counts from these.
      ...facts.map((one) => ({ PutRequest: { Item: kpiFactsItem(one, table.calendar, Date.now(), expiresAt.get(one.case.caseId)) } })),
      ...[...cohort.items, ...gaps.items].map((Item) => ({ PutRequest: { Item } })),
      ...stale.map((Key) => ({ DeleteRequest: { Key } })),
      ...(await caseListItems(table.documents, table.tableName, cases)).map((Item) => ({ PutRequest: { Item } })),
      // A closed case has no entry by activity; one a run during a closure left behind goes with the next run.
      ...cases.filter((record) => record.stage === 'closed').map((record) => ({ DeleteRequest: { Key: tableKeys.caseActivityEntry(record.caseId) } })),
    ],
    onProgress,
  );
  return { cases: facts.length, days: byDay.size, months: new Set([...byDay.keys()].map((day) => day.slice(0, 7))).size, removed: stale.length };
}
