/** What the gap report use cases need from the table; core/adapters/dynamo-gap-report-reader.ts implements it. */
import type { GapReport } from '../cases/gap-report.ts';
import type { MeetingRecord } from '../meetings/meeting.ts';
import type { MeetingChanges } from '../meetings/ports.ts';
import type { GapReportReader } from './list-gap-reports.ts';

/** One conditional change: `expected` as read (its version), the fields that change. */
export interface GapReportUpdate {
  readonly expected: GapReport;
  readonly changes: Partial<Omit<GapReport, 'gapReportId' | 'createdAt' | 'source' | 'raisedBy' | 'version'>>;
}

export interface GapReportRepository extends GapReportReader {
  /** Read consistently, with its version. */
  getGapReport(gapReportId: string): Promise<GapReport | undefined>;
  /** A new report (version 1); never overwrites one. */
  createGapReport(report: GapReport): Promise<GapReport>;
  /**
   * Writes the changes, each conditional on the expected report's version, all or none (a merge changes two
   * reports at once); answers the reports as written. Throws VersionConflict when one changed meanwhile.
   */
  updateGapReports(updates: readonly GapReportUpdate[]): Promise<GapReport[]>;
  /**
   * Routing a report to a body: the report's changes and the meeting's (its new agenda item) in one transaction,
   * each conditional on the version it was read at — both are written or neither. Answers both as written; throws
   * VersionConflict when either changed meanwhile (or another write to them is under way).
   */
  routeGapReport(report: GapReportUpdate, meeting: { readonly expected: MeetingRecord; readonly changes: MeetingChanges }, now: Date): Promise<{ gapReport: GapReport; meeting: MeetingRecord }>;
}
