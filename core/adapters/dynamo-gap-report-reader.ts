/**
 * Gap reports on the single table: all of them from gsi1 (GAPS), a case manager's own from gsi2, one by its key;
 * the table's own attributes stripped (the version is kept: the page sends it back with a review). Every change
 * is conditional on the version.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { GapReport } from '../cases/gap-report.ts';
import { VersionConflict } from '../cases/ports.ts';
import type { GapReportRepository, GapReportUpdate } from '../casework/gap-report-repository.ts';
import { queryAll } from './query-all.ts';
import { tableKeys } from './table-keys.ts';

// The gsi1 partition every gap report is written to, taken from the report's own key so the two cannot differ.
const GAP_REPORTS_PARTITION = tableKeys.gapReport('', '').gsi1pk;

function reportOf(item: Record<string, unknown>): GapReport {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, gsi2pk: _g2, gsi2sk: _g2s, type: _type, ...report } = item;
  return report as unknown as GapReport;
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
      ExpressionAttributeValues: { ':pk': GAP_REPORTS_PARTITION },
    });
    return items.map(reportOf);
  }

  async listGapReportsRaisedBy(staffId: string): Promise<GapReport[]> {
    const items = await queryAll(this.documents, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': tableKeys.gapReportsRaisedBy(staffId).gsi2pk },
    });
    return items.map(reportOf);
  }

  async getGapReport(gapReportId: string): Promise<GapReport | undefined> {
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: tableKeys.gapReportKey(gapReportId), ConsistentRead: true }));
    return Item === undefined ? undefined : reportOf(Item);
  }

  private item(report: GapReport): Record<string, unknown> {
    return { ...tableKeys.gapReport(report.gapReportId, report.createdAt, report.raisedBy), type: 'gapReport', ...report };
  }

  async createGapReport(report: GapReport): Promise<GapReport> {
    const created: GapReport = { ...report, version: 1 };
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: this.item(created), ConditionExpression: 'attribute_not_exists(pk)' }));
    return created;
  }

  async updateGapReports(updates: readonly GapReportUpdate[]): Promise<GapReport[]> {
    const written = updates.map(({ expected, changes }): GapReport => ({ ...expected, ...changes, version: (expected.version ?? 1) + 1 }));
    const puts = written.map((report, i) => ({
      TableName: this.tableName,
      Item: this.item(report),
      ConditionExpression: 'version = :version',
      ExpressionAttributeValues: { ':version': updates[i]?.expected.version ?? 1 },
    }));
    try {
      const [only] = puts;
      if (puts.length === 1 && only !== undefined) await this.documents.send(new PutCommand(only));
      else await this.documents.send(new TransactWriteCommand({ TransactItems: puts.map((put) => ({ Put: put })) }));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || error instanceof TransactionCanceledException) {
        throw new VersionConflict(`gap report ${updates.map((u) => u.expected.gapReportId).join(', ')} changed meanwhile`);
      }
      throw error;
    }
    return written;
  }
}
