/**
 * Gap reports on the single table: all of them from gsi1 (GAPS), a case manager's own from gsi2, one by its key;
 * the table's own attributes stripped (the version is kept: the page sends it back with a review). Every change
 * is conditional on the version; routing a report writes it and the meeting's new agenda item in one transaction.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { GapReport } from '../cases/gap-report.ts';
import { VersionConflict } from '../cases/ports.ts';
import type { GapReportRepository, GapReportUpdate } from '../casework/gap-report-repository.ts';
import type { MeetingRecord } from '../meetings/meeting.ts';
import type { MeetingChanges } from '../meetings/ports.ts';
import { writeAll, type TransactItems } from './conditional-writes.ts';
import { meetingUpdate } from './dynamo-meeting-repository.ts';
import { gapCounterWrites } from './gap-report-counter-writes.ts';
import { fromGapReportItem, toGapReportItem } from './items/gap-report-item.ts';
import { gapReportPuts } from './shared-writes.ts';
import { queryAll } from './query-all.ts';
import { tableKeys } from './table-keys.ts';

/** The report as written and its put, conditional on the version it was read at (also inside a minutes release). */
export function gapReportUpdate(tableName: string, { expected, changes }: GapReportUpdate) {
  const report: GapReport = { ...expected, ...changes, version: (expected.version ?? 1) + 1 };
  const put = { TableName: tableName, Item: toGapReportItem(report), ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': expected.version ?? 1 } };
  return { report, put };
}

export class DynamoGapReportReader implements GapReportRepository {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listGapReports(): Promise<GapReport[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': tableKeys.gapReports().gsi1pk },
    });
    return items.map(fromGapReportItem);
  }

  async listGapReportsRaisedBy(staffId: string): Promise<GapReport[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': tableKeys.gapReportsRaisedBy(staffId).gsi2pk },
    });
    return items.map(fromGapReportItem);
  }

  async getGapReport(gapReportId: string): Promise<GapReport | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: tableKeys.gapReportKey(gapReportId), ConsistentRead: true }));
    return Item === undefined ? undefined : fromGapReportItem(Item);
  }

  async createGapReport(report: GapReport): Promise<GapReport> {
    const created: GapReport = { ...report, version: 1 };
    await writeAll(this.documents, gapReportPuts(this.tableName, created));
    return created;
  }

  private reportUpdate(update: GapReportUpdate) {
    return gapReportUpdate(this.tableName, update);
  }

  private async writeConditionally(items: TransactItems, what: string): Promise<void> {
    try {
      await writeAll(this.documents, items);
    } catch (error) {
      // A failed condition, or another transaction writing the same items right now: re-read and decide again.
      if (error instanceof ConditionalCheckFailedException || error instanceof TransactionCanceledException) throw new VersionConflict(`${what} changed meanwhile`);
      throw error;
    }
  }

  async updateGapReports(updates: readonly GapReportUpdate[]): Promise<GapReport[]> {
    const written = updates.map((update) => this.reportUpdate(update));
    await this.writeConditionally(
      [...written.map(({ put }) => ({ Put: put })), ...gapCounterWrites(this.tableName, written.map(({ report }, i) => ({ before: updates[i]?.expected, after: report })))],
      `gap report ${updates.map((u) => u.expected.gapReportId).join(', ')}`,
    );
    return written.map(({ report }) => report);
  }

  async routeGapReport(update: GapReportUpdate, meeting: { readonly expected: MeetingRecord; readonly changes: MeetingChanges }, now: Date): Promise<{ gapReport: GapReport; meeting: MeetingRecord }> {
    const { report, put } = this.reportUpdate(update);
    const agenda = meetingUpdate(this.tableName, meeting.expected, meeting.changes, now);
    await this.writeConditionally([{ Put: put }, { Put: agenda.put }, ...gapCounterWrites(this.tableName, [{ before: update.expected, after: report }])], `gap report ${report.gapReportId} or meeting ${meeting.expected.meetingId}`);
    return { gapReport: report, meeting: agenda.record };
  }
}
