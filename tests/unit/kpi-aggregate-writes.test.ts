/**
 * writeCounted (core/adapters/kpi-aggregate-writes.ts) against a scripted DynamoDB: which items a counted write adds,
 * and which failures it retries; the gap reports' counter updates (gap-report-counter-writes.ts). DynamoDB Local never cancels a transaction for a conflict, so the retry on
 * TransactionConflict is only testable here.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { gapCounterWrites } from '../../core/adapters/gap-report-counter-writes.ts';
import { writeCounted } from '../../core/adapters/kpi-aggregate-writes.ts';
import type { GapReport } from '../../core/cases/gap-report.ts';
import { assessedCase } from '../fixtures/case-fixtures.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { kpiCalendarOf } from '../../core/reports/kpi-calendar.ts';

type Command = GetCommand | PutCommand | TransactWriteCommand;

/** A client that answers each command with the next scripted answer (an item for a Get, or an error to throw). */
function scripted(answers: readonly (Error | Record<string, unknown> | undefined)[]): { documents: DynamoDBDocumentClient; sent: Command[] } {
  const sent: Command[] = [];
  let next = 0;
  const documents = {
    send: (command: Command) => {
      sent.push(command);
      const answer = answers[next];
      next += 1;
      if (answer instanceof Error) return Promise.reject(answer);
      return Promise.resolve(command instanceof GetCommand ? { Item: answer } : {});
    },
  };
  // The adapter only calls send(); a full client is not needed to script it.
  return { documents: documents as unknown as DynamoDBDocumentClient, sent };
}

const cancelled = (...codes: string[]) => new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });
const casePut = { Put: { TableName: 't', Item: { pk: 'CASE#x', sk: 'CASE' }, ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': 1 } } };
const record = assessedCase({ createdAt: '2026-03-31T22:30:00.000Z', stage: 'referring' });
/** The same case in a crisis: a change the report does not count. */
const inCrisis = { ...record, crisis: !record.crisis };
const table = (documents: DynamoDBDocumentClient) => ({ documents, tableName: 't', calendar: kpiCalendarOf(bundledProfile()) });
const transactItems = (command: Command | undefined) => (command instanceof TransactWriteCommand ? (command.input.TransactItems ?? []) : []);

describe('writeCounted', () => {
  it('creates the facts item and adds the counters to the intake day and month of the district calendar', async () => {
    const { documents, sent } = scripted([undefined]);
    await writeCounted(table(documents), [casePut], { caseId: record.caseId, case: { after: record }, created: true });
    expect(sent).toHaveLength(1);
    const [, facts, day, month] = transactItems(sent[0]);
    expect(facts?.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
    // 00:30 on 1 April in Düren: counted on 1 April, in April.
    expect(day?.Update?.Key).toEqual({ pk: 'KPI#COHORT#2026', sk: '2026-04-01' });
    expect(month?.Update?.Key).toEqual({ pk: 'KPI#COHORT', sk: '2026-04' });
    const names = Object.values(day?.Update?.ExpressionAttributeNames ?? {});
    expect(names).toEqual(expect.arrayContaining(['k:cases', 'k:cases.stage.referring', `k:cases.municipality.${record.municipalityId}`]));
  });

  it('reads nothing and adds nothing when the write moves no counted fact', async () => {
    const { documents, sent } = scripted([undefined]);
    await writeCounted(table(documents), [casePut], { caseId: record.caseId, case: { before: record, after: inCrisis } });
    expect(sent.map((c) => c.constructor.name)).toEqual(['PutCommand']);
  });

  it('tries again when another transaction held an item (TransactionConflict), also without counting', async () => {
    const { documents, sent } = scripted([cancelled('None', 'TransactionConflict'), undefined]);
    const event = { Put: { TableName: 't', Item: { pk: 'CASE#x', sk: 'EVENT#1' } } };
    await writeCounted(table(documents), [casePut, event], { caseId: record.caseId, case: { before: record, after: inCrisis } });
    expect(sent).toHaveLength(2);
  });

  it('counts again from the facts it reads anew when only the facts item moved meanwhile', async () => {
    const stored = { facts: { case: { ...record, stage: 'awaiting-assessment' }, referrals: [] }, version: 3 };
    const moved = { facts: { case: { ...record, stage: 'awaiting-assessment' }, referrals: [] }, version: 4 };
    const { documents, sent } = scripted([stored, cancelled('None', 'ConditionalCheckFailed', 'None', 'None'), moved, undefined]);
    await writeCounted(table(documents), [casePut], { caseId: record.caseId, case: { before: { ...record, stage: 'awaiting-assessment' }, after: record } });
    const writes = sent.filter((c) => c instanceof TransactWriteCommand);
    expect(writes.map((c) => transactItems(c)[1]?.Put?.ExpressionAttributeValues)).toEqual([{ ':kpiVersion': 3 }, { ':kpiVersion': 4 }]);
  });

  it('takes back the counters the facts item says were added, not the facts counted again (the calendar may have changed)', async () => {
    // Counted under another calendar: the stored lag and the stage as written then.
    const counted = { cases: 1, 'cases.stage.awaiting-assessment': 1, 'timely.firstContact.done.7': 1 };
    const stored = { facts: { case: { ...record, stage: 'awaiting-assessment' }, referrals: [] }, counters: counted, version: 3 };
    const { documents, sent } = scripted([stored, undefined]);
    await writeCounted(table(documents), [casePut], { caseId: record.caseId, case: { before: { ...record, stage: 'awaiting-assessment' }, after: record } });
    const [, facts, day] = transactItems(sent.find((c) => c instanceof TransactWriteCommand));
    const update = day?.Update;
    const byName = new Map(Object.entries(update?.ExpressionAttributeNames ?? {}).map(([alias, name]) => [name, update?.ExpressionAttributeValues?.[`:${alias.slice(1)}`] as unknown]));
    expect(byName.get('k:timely.firstContact.done.7')).toBe(-1);
    expect(byName.get('k:cases.stage.awaiting-assessment')).toBe(-1);
    expect(byName.get('k:cases.stage.referring')).toBe(1);
    // The new facts item keeps what this write added.
    expect(facts?.Put?.Item?.counters).toMatchObject({ cases: 1, 'cases.stage.referring': 1 });
  });

  it('gives the caller a failed condition of its own items at once, and gives up after ten conflicts', async () => {
    const stored = { facts: { case: { ...record, stage: 'awaiting-assessment' }, referrals: [] }, version: 3 };
    const own = scripted([stored, cancelled('ConditionalCheckFailed', 'None', 'None', 'None')]);
    await expect(writeCounted(table(own.documents), [casePut], { caseId: record.caseId, case: { before: { ...record, stage: 'awaiting-assessment' }, after: record } })).rejects.toThrow(
      TransactionCanceledException,
    );
    expect(own.sent).toHaveLength(2);
    const busy = scripted(Array.from({ length: 10 }, () => cancelled('TransactionConflict')));
    await expect(writeCounted(table(busy.documents), [casePut, casePut], { caseId: record.caseId })).rejects.toThrow(TransactionCanceledException);
    expect(busy.sent).toHaveLength(10);
  });
});

describe('gapCounterWrites', () => {
  const report = (gapReportId: string, status: GapReport['status'], createdAt = '2026-04-01'): GapReport => ({ gapReportId, createdAt, source: 'workflow', reason: 'waiting-list', municipalityId: 'kreuzau', status, version: 1 });
  const adds = (items: ReturnType<typeof gapCounterWrites>) =>
    items.map((item) => {
      const names: Record<string, string> = item.Update?.ExpressionAttributeNames ?? {};
      // The document client types attribute values as any; these are numbers.
      const values = (item.Update?.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
      const counters = Object.fromEntries(Object.keys(names).filter((k) => k.startsWith('#c')).map((k) => [names[k] ?? '', values[`:c${k.slice(2)}`]] as const));
      return [item.Update?.Key as unknown, counters] as const;
    });

  it('counts a new report on its day and month, reported and open', () => {
    expect(adds(gapCounterWrites('t', [{ after: report('a', 'new') }]))).toEqual([
      [{ pk: 'KPI#GAPS#2026', sk: '2026-04-01' }, { 'k:gaps.reported.waiting-list': 1, 'k:gaps.open.waiting-list': 1 }],
      [{ pk: 'KPI#GAPS', sk: '2026-04' }, { 'k:gaps.reported.waiting-list': 1, 'k:gaps.open.waiting-list': 1 }],
    ]);
  });

  it('sums the reports of one transaction into one update per item, and a closed or merged report is open no more', () => {
    const merge = gapCounterWrites('t', [
      { before: report('a', 'new'), after: report('a', 'merged') },
      { before: report('b', 'accepted', '2026-04-20'), after: report('b', 'closed', '2026-04-20') },
      { before: report('c', 'new'), after: report('c', 'accepted') },
    ]);
    expect(adds(merge)).toEqual([
      [{ pk: 'KPI#GAPS#2026', sk: '2026-04-01' }, { 'k:gaps.open.waiting-list': -1 }],
      [{ pk: 'KPI#GAPS', sk: '2026-04' }, { 'k:gaps.open.waiting-list': -2 }],
      [{ pk: 'KPI#GAPS#2026', sk: '2026-04-20' }, { 'k:gaps.open.waiting-list': -1 }],
    ]);
  });
});
