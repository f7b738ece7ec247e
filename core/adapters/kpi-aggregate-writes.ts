/**
 * The KPI counters moved in the same transaction as the facts they count (core/reports/kpi-facts.ts): every write
 * of a case or a referral that changes what the report counts also
 *  - replaces the case's facts item (pk CASE#<id>, sk KPI: codes and instants only) at the version it was read, and
 *  - adds the difference of the case's counters before and after to the counter item of its intake day and of its
 *    intake month (table-keys.ts kpiCohortDay / kpiCohortMonth; one attribute per counter, `ADD`).
 * So a report reads a few dozen items whatever the number of cases, and counting is exactly once: the facts item's
 * version fences two writes of one case, and a retried write that lost is counted again from the facts it finds.
 *
 * A case without a facts item has not been counted (written before this version and not yet backfilled, `npm run
 * backfill`): its first counted write counts it whole, from its state in the table.
 */
import type { KpiCalendar } from '../reports/kpi-calendar.ts';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { caseCounters, caseFactsChanged, countsDelta, intakeDayOf, kpiFactsOf, referralFactsChanged, type KpiCase, type KpiCaseFacts, type KpiCounts, type KpiReferral } from '../reports/kpi-facts.ts';
import { writeAll, type TransactItems } from './conditional-writes.ts';
import { fromCaseItem } from './items/case-item.ts';
import { fromReferralItem } from './items/referral-item.ts';
import type { DynamoItem } from './items/table-attributes.ts';
import { queryAll } from './query-all.ts';
import { tableKeys } from './table-keys.ts';

/** Where counted writes go: the table, and the district's calendar the counters are kept by (kpi-calendar.ts). */
export interface CountedTable {
  readonly documents: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly calendar: KpiCalendar;
}

/** What a write changes of one case's facts: the case, and/or referrals (created: no `before`), as before and after. */
export interface KpiChange {
  readonly caseId: string;
  readonly case?: { readonly before?: KpiCase; readonly after: KpiCase & { readonly expiresAt?: number } };
  readonly referrals?: readonly { readonly before?: KpiReferral; readonly after: KpiReferral }[];
  /** The case is being created: there is nothing to read. */
  readonly created?: boolean;
}

/** Whether the change can move a counter; a write that cannot (a task token, a reminder mark) reads nothing more. */
export const changesFacts = (change: KpiChange): boolean =>
  change.created === true ||
  (change.case !== undefined && caseFactsChanged(change.case.before, change.case.after)) ||
  (change.referrals ?? []).some((r) => referralFactsChanged(r.before, r.after));

/** Counter attributes on the day and month items carry this prefix, so they never meet pk, sk, type or version. */
export const COUNTER_ATTRIBUTE_PREFIX = 'k:';

interface StoredFacts {
  readonly facts: KpiCaseFacts | undefined;
  /** The counters added for these facts, as written (facts items from before they were kept have none). */
  readonly counters: KpiCounts | undefined;
  readonly version: number | undefined;
  readonly expiresAt: number | undefined;
}

async function storedFacts(table: CountedTable, caseId: string): Promise<StoredFacts> {
  const { Item } = await table.documents.send(new GetCommand({ TableName: table.tableName, Key: tableKeys.kpiFacts(caseId), ConsistentRead: true }));
  if (Item === undefined) return { facts: undefined, counters: undefined, version: undefined, expiresAt: undefined };
  const counters = Item.counters === undefined ? undefined : new Map(Object.entries(Item.counters as Record<string, number>));
  return { facts: Item.facts as KpiCaseFacts, counters, version: Number(Item.version), expiresAt: Item.expiresAt === undefined ? undefined : Number(Item.expiresAt) };
}

/** The case as the table has it now, for a case never counted: its item and its referrals (index, then each item). */
async function factsInTable(table: CountedTable, caseId: string): Promise<{ readonly record: KpiCase | undefined; readonly referrals: KpiReferral[] }> {
  const [caseItem, referralItems] = await Promise.all([
    table.documents.send(new GetCommand({ TableName: table.tableName, Key: tableKeys.case(caseId), ConsistentRead: true })),
    queryAll(table.documents, {
      TableName: table.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': tableKeys.referralsOfCase(caseId).gsi2pk },
    }),
  ]);
  return { record: caseItem.Item === undefined ? undefined : fromCaseItem(caseItem.Item), referrals: referralItems.map(fromReferralItem) };
}

function merged(base: { readonly record: KpiCase | undefined; readonly referrals: readonly KpiReferral[] }, change: KpiChange): KpiCaseFacts | undefined {
  const record = change.case?.after ?? base.record;
  if (record === undefined) return undefined;
  const byId = new Map(base.referrals.map((r) => [r.referralId, r]));
  for (const { after } of change.referrals ?? []) byId.set(after.referralId, after);
  return kpiFactsOf(record, [...byId.values()]);
}

/** `ADD k:<counter> <by>, …` on one counter item. */
export function counterUpdate(tableName: string, key: { readonly pk: string; readonly sk: string }, delta: ReadonlyMap<string, number>) {
  const entries = [...delta];
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: `ADD ${entries.map((_, i) => `#c${String(i)} :c${String(i)}`).join(', ')} SET #type = :type`,
      ExpressionAttributeNames: { '#type': 'type', ...Object.fromEntries(entries.map(([name], i) => [`#c${String(i)}`, `${COUNTER_ATTRIBUTE_PREFIX}${name}`])) },
      ExpressionAttributeValues: { ':type': 'kpiCohort', ...Object.fromEntries(entries.map(([, by], i) => [`:c${String(i)}`, by])) },
    },
  };
}

/**
 * The facts item as stored: the counted facts, the counters added for them, the intake day, and the case's retention.
 * The next write takes back exactly these counters, not the facts counted again: counting depends on the district's
 * calendar (kpi-calendar.ts), which may have changed since.
 */
export function kpiFactsItem(facts: KpiCaseFacts, calendar: KpiCalendar, version: number, expiresAt: number | undefined): DynamoItem {
  return {
    ...tableKeys.kpiFacts(facts.case.caseId),
    type: 'kpiFacts',
    version,
    day: intakeDayOf(facts.case, calendar.timeZone),
    facts,
    counters: Object.fromEntries(caseCounters(facts, calendar)),
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
}

/** The items a change adds to its transaction: none when what the report counts stays the same. */
async function kpiCounterWrites(table: CountedTable, change: KpiChange): Promise<TransactItems> {
  const stored: StoredFacts = change.created === true ? { facts: undefined, counters: undefined, version: undefined, expiresAt: undefined } : await storedFacts(table, change.caseId);
  const base =
    stored.facts !== undefined
      ? { record: stored.facts.case, referrals: stored.facts.referrals }
      : change.created === true
        ? { record: undefined, referrals: [] }
        : await factsInTable(table, change.caseId);
  const after = merged(base, change);
  if (after === undefined) return [];
  const before = stored.counters ?? (stored.facts === undefined ? new Map<string, number>() : caseCounters(stored.facts, table.calendar));
  const delta = countsDelta(before, caseCounters(after, table.calendar));
  const expiresAt = change.case === undefined ? stored.expiresAt : change.case.after.expiresAt;
  if (delta.size === 0 && stored.facts !== undefined && JSON.stringify(stored.facts) === JSON.stringify(after) && expiresAt === stored.expiresAt) return [];
  const day = intakeDayOf(after.case, table.calendar.timeZone);
  const factsPut = {
    Put: {
      TableName: table.tableName,
      Item: kpiFactsItem(after, table.calendar, (stored.version ?? 0) + 1, expiresAt),
      ...(stored.version === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'version = :kpiVersion', ExpressionAttributeValues: { ':kpiVersion': stored.version } }),
    },
  };
  return delta.size === 0
    ? [factsPut]
    : [factsPut, counterUpdate(table.tableName, tableKeys.kpiCohortDay(day), delta), counterUpdate(table.tableName, tableKeys.kpiCohortMonth(day.slice(0, 7)), delta)];
}

/**
 * Writes of cases with the same intake day meet on its counter items: DynamoDB cancels all but one transaction of a
 * burst (TransactionConflict), so a write tries again after a growing, random pause (about 5 s at most in all).
 */
const MAX_ATTEMPTS = 10;

/**
 * Only the counting lost: the facts item moved meanwhile (another write of the same case counted first), or an item
 * was in another transaction at that moment (TransactionConflict — counters of a busy day, a case list's counter
 * shard). Nothing was written, so the write is retried, with the counters read again; a failed condition on the facts
 * themselves goes to the caller as before (a retry after a conflict meets it too when the case moved meanwhile).
 */
function onlyCountingLost(error: unknown, factItems: number): boolean {
  if (!(error instanceof TransactionCanceledException)) return false;
  const reasons = error.CancellationReasons ?? [];
  if (reasons.some((r) => r.Code === 'TransactionConflict')) return true;
  return reasons.slice(0, factItems).every((r) => r.Code === undefined || r.Code === 'None') && reasons.slice(factItems).some((r) => r.Code === 'ConditionalCheckFailed');
}

const pause = (attempt: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(1000, 10 * 2 ** attempt)));

/**
 * Writes `items` (all or none, as writeAll) together with the counters `change` moves. Every case and referral
 * write that can change what the KPI report counts goes through here.
 */
export async function writeCounted(table: CountedTable, items: TransactItems, change: KpiChange): Promise<void> {
  const counting = changesFacts(change);
  for (let attempt = 1; ; attempt += 1) {
    const counters = counting ? await kpiCounterWrites(table, change) : [];
    try {
      await writeAll(table.documents, [...items, ...counters]);
      return;
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !onlyCountingLost(error, items.length)) throw error;
      await pause(attempt);
    }
  }
}
