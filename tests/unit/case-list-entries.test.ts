/**
 * The case list's derived writes as a pure function of the case before and after a write: entries as the case is
 * after it (put where it is in a list, deleted where it is not), counters moved only where its place in a list's
 * counts changed — a new case adds one to each of its lists, a municipality moves one from the old list to the new,
 * a closure moves the stage's shard to the retention month's bucket.
 */
import { describe, expect, it } from 'vitest';
import { caseListWrites, listCounterKeysOf, listEntryItemsOf } from '../../core/adapters/case-list-entries.ts';
import type { CaseRecord } from '../../core/cases/case.ts';
import { assessedCase } from '../fixtures/case-fixtures.ts';

type Write = ReturnType<typeof caseListWrites>[number];

const puts = (writes: readonly Write[]): string[] => writes.flatMap((w) => (w.Put?.Item === undefined ? [] : [`${String(w.Put.Item.sk)} ${String(w.Put.Item.gsi1pk)} ${String(w.Put.Item.gsi1sk)}`]));
const deletes = (writes: readonly Write[]): string[] => writes.flatMap((w) => (w.Delete === undefined ? [] : [String(w.Delete.Key?.sk)]));
const counts = (writes: readonly Write[]): string[] =>
  writes.flatMap((w) => (w.Update === undefined ? [] : [`${String(w.Update.Key?.pk)} ${String(w.Update.Key?.sk).replace(/#\d$/, '#n')} ${String(w.Update.ExpressionAttributeValues?.[':by'])}`]));

const open: CaseRecord = assessedCase({ stage: 'awaiting-assessment', crisis: true });

describe('the case list entries of a case write', () => {
  it('puts a new case into each of its lists and counts it once in each', () => {
    const writes = caseListWrites('t', undefined, open);
    const order = `1#${open.createdAt}#${open.caseId}`;
    expect(puts(writes)).toEqual([
      `ALL LIST#ALL#awaiting-assessment ${order}`,
      `MUNICIPALITY LIST#MUNICIPALITY#kreuzau#awaiting-assessment ${order}`,
      `CASEMANAGER LIST#CASEMANAGER#anna#awaiting-assessment ${order}`,
    ]);
    expect(deletes(writes)).toEqual(['ATTENTION', 'OVERDUE']);
    expect(counts(writes)).toEqual([
      'CASECOUNT#ALL awaiting-assessment#n 1',
      'CASECOUNT#MUNICIPALITY#kreuzau awaiting-assessment#n 1',
      'CASECOUNT#CASEMANAGER#anna awaiting-assessment#n 1',
    ]);
    // The entry carries the row the list shows, and nothing of the workflow's tokens.
    expect(listEntryItemsOf({ ...open, assessmentTaskToken: 'token' })[0]).not.toHaveProperty('assessmentTaskToken');
  });

  it('moves the counters only where the case moved, and ranks a parked case first', () => {
    const parked: CaseRecord = { ...open, municipalityId: 'juelich', attention: { step: 'municipality-changed', at: open.updatedAt }, assessmentReminderSentAt: open.updatedAt };
    const writes = caseListWrites('t', open, parked);
    expect(puts(writes).every((put) => put.includes(` 0#${open.createdAt}#`))).toBe(true);
    expect(puts(writes).map((put) => put.split(' ')[0])).toEqual(['ALL', 'MUNICIPALITY', 'CASEMANAGER', 'ATTENTION', 'OVERDUE']);
    expect(deletes(writes)).toEqual([]);
    expect(counts(writes)).toEqual([
      'CASECOUNT#MUNICIPALITY#juelich awaiting-assessment#n 1',
      'CASECOUNT#ATTENTION awaiting-assessment#n 1',
      'CASECOUNT#OVERDUE awaiting-assessment#n 1',
      'CASECOUNT#MUNICIPALITY#kreuzau awaiting-assessment#n -1',
    ]);
    // And back: the case leaves both lists, the entries go.
    const cleared: CaseRecord = { ...open, municipalityId: 'juelich' };
    const back = caseListWrites('t', parked, cleared);
    expect(deletes(back)).toEqual(['ATTENTION', 'OVERDUE']);
    expect(counts(back)).toEqual(['CASECOUNT#ATTENTION awaiting-assessment#n -1', 'CASECOUNT#OVERDUE awaiting-assessment#n -1']);
  });

  it('counts a closed case under the month its retention ends, and that bucket expires after the month', () => {
    const closed: CaseRecord = { ...open, stage: 'closed', closedAt: '2026-12-01T10:00:00Z', expiresAt: Date.UTC(2029, 11, 31, 23) / 1000 };
    expect(listCounterKeysOf(closed).map((key) => key.sk)).toEqual(['closed#2029-12', 'closed#2029-12', 'closed#2029-12']);
    const writes = caseListWrites('t', open, closed);
    expect(puts(writes)[0]).toBe(`ALL LIST#ALL#closed 3#${open.createdAt}#${open.caseId}`);
    const bucket = writes.find((w) => w.Update?.Key?.sk === 'closed#2029-12');
    expect(bucket?.Update?.ExpressionAttributeValues?.[':expiresAt']).toBe(Date.UTC(2030, 0, 2) / 1000);
    expect(counts(writes)).toContain('CASECOUNT#ALL awaiting-assessment#n -1');
  });
});
