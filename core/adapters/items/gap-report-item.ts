/** A gap report: all of them in gsi1 by date, a case manager's own also in gsi2. */
import type { GapReport } from '../../cases/gap-report.ts';
import { tableKeys } from '../table-keys.ts';
import { withoutTableAttributes, type DynamoItem } from './table-attributes.ts';

export const toGapReportItem = (report: GapReport): DynamoItem => ({
  ...tableKeys.gapReport(report.gapReportId, report.createdAt, report.raisedBy),
  type: 'gapReport',
  ...report,
});

export const fromGapReportItem = (item: DynamoItem): GapReport => withoutTableAttributes(item) as unknown as GapReport;
