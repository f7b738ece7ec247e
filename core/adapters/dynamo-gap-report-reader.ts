/** Gap reports on the single table: all of them from gsi1 (GAPS), the table's own attributes stripped. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { GapReport } from '../cases/gap-report.ts';
import type { GapReportReader } from '../casework/list-gap-reports.ts';
import { queryAll } from './query-all.ts';
import { tableKeys } from './table-keys.ts';

// The gsi1 partition every gap report is written to, taken from the report's own key so the two cannot differ.
const GAP_REPORTS_PARTITION = tableKeys.gapReport('', '').gsi1pk;

export class DynamoGapReportReader implements GapReportReader {
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
    return items.map(({ pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g1s, type: _type, version: _version, ...report }) => report as unknown as GapReport);
  }
}
