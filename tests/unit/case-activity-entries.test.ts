/**
 * The open cases' entries by last activity (core/adapters/case-activity-entries.ts) as a pure function of the case:
 * ordered by the later of its last change and its last record entry, carrying the row the page shows and nothing of
 * the workflow's tokens; none for a closed case (a case write deletes it); untouched by a write that changes
 * nothing it holds; a record entry moves only the order.
 */
import { describe, expect, it } from 'vitest';
import { activityEntryItemsOf, activityEntryWrite, recordActivityUpdate } from '../../core/adapters/case-activity-entries.ts';
import type { CaseRecord } from '../../core/cases/case.ts';
import { assessedCase } from '../fixtures/case-fixtures.ts';

const open: CaseRecord = { ...assessedCase({ stage: 'monitoring' }), updatedAt: '2026-03-01T10:00:00.000Z' };

describe('the entry of an open case by its last activity', () => {
  it('orders it by the later of the last change and the last record entry, with the row the page shows', () => {
    const [changed] = activityEntryItemsOf({ ...open, lastRecordAt: '2026-02-01T10:00:00.000Z', closureTaskToken: 'token' });
    expect(changed).toMatchObject({ pk: `CASELIST#${open.caseId}`, sk: 'ACTIVITY', gsi1pk: 'ACTIVITY', gsi1sk: `2026-03-01T10:00:00.000Z#${open.caseId}`, stage: 'monitoring' });
    expect(changed).not.toHaveProperty('closureTaskToken');
    const [recorded] = activityEntryItemsOf({ ...open, lastRecordAt: '2026-04-01T10:00:00.000Z' });
    expect(recorded).toMatchObject({ gsi1sk: `2026-04-01T10:00:00.000Z#${open.caseId}`, lastActivityAt: '2026-04-01T10:00:00.000Z' });
  });

  it('is put by a write of an open case and deleted by the write that closes it', () => {
    expect(activityEntryWrite('t', undefined, open)).toEqual([{ Put: { TableName: 't', Item: activityEntryItemsOf(open)[0] } }]);
    const changed: CaseRecord = { ...open, crisis: true, updatedAt: '2026-03-02T10:00:00.000Z' };
    expect(activityEntryWrite('t', open, changed)).toEqual([{ Put: { TableName: 't', Item: activityEntryItemsOf(changed)[0] } }]);
    const closed: CaseRecord = { ...open, stage: 'closed', closedAt: '2026-05-01T10:00:00.000Z' };
    expect(activityEntryItemsOf(closed)).toEqual([]);
    expect(activityEntryWrite('t', open, closed)).toEqual([{ Delete: { TableName: 't', Key: { pk: `CASELIST#${open.caseId}`, sk: 'ACTIVITY' } } }]);
  });

  it('is left alone by a write that changes nothing it holds: a renewed task token must not take back a newer record entry', () => {
    expect(activityEntryWrite('t', open, { ...open, closureTaskToken: 'renewed', version: open.version + 1 })).toEqual([]);
  });

  it('moves only the order and the time when a person records something, so no half row enters the index', () => {
    const { Update } = recordActivityUpdate('t', open.caseId, '2026-06-01T08:00:00.000Z');
    expect(Update.UpdateExpression).toBe('SET gsi1sk = :order, lastActivityAt = :at');
    expect(Update.ExpressionAttributeValues).toEqual({ ':order': `2026-06-01T08:00:00.000Z#${open.caseId}`, ':at': '2026-06-01T08:00:00.000Z' });
    expect(Update).not.toHaveProperty('ConditionExpression');
  });
});
