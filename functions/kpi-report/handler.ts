/** GET /api/reports/kpi: the KPI report (JSON or CSV, optionally suppressed for export) for coordination and administration. */
import { DynamoReportReader } from '../../core/adapters/dynamo-report-reader.ts';
import { kpiReportAnswer } from '../../core/reports/kpi-api.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';
import { kpiQuery } from './schema.ts';

export const handler = signedInHandler({ query: kpiQuery }, async ({ caller, query }) => {
  const { profile, clock } = baseDependencies();
  const { documents, tableName } = tableDependencies();
  const answer = await kpiReportAnswer({ reader: new DynamoReportReader(documents, tableName), profile, clock }, caller, query);
  if (answer.format === 'json') return ok(answer.report);
  return {
    statusCode: 200,
    text: answer.text,
    headers: { 'content-type': 'text/csv; charset=utf-8; header=present', 'content-disposition': `attachment; filename="${answer.fileName}"` },
  };
});
