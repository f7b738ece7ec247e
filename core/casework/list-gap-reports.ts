/**
 * GET /api/gap-reports: the coordination's view of the gap reports (Bedarfs-/Lückenmeldungen) the workflow and
 * case managers raised. A report is anonymous (category, municipality, focus area, reason, day), so the list
 * can be shown and taken to working groups as it is. Alongside the single reports the same gap is counted once
 * per kind — that count is what the coordination takes to the Lenkungsgruppe.
 */
import { gapCount, type GapReason, type GapReport } from '../cases/gap-report.ts';
import type { Caller } from '../identity/caller.ts';
import { requireRole } from '../identity/caller.ts';

export interface GapReportReader {
  /** Every gap report (there are a few per week at most). */
  listGapReports(): Promise<GapReport[]>;
  /** The reports one person raised (by staff id). */
  listGapReportsRaisedBy(staffId: string): Promise<GapReport[]>;
}

/** Reports of the same gap: same reason, municipality, focus area, need category and status (merged ones count in their target). */
export interface GapReportGroup {
  readonly reason: GapReason;
  readonly municipalityId: string;
  readonly focusArea?: GapReport['focusArea'];
  readonly needCategory?: string;
  readonly status: GapReport['status'];
  readonly count: number;
  /** Days (YYYY-MM-DD) of the first and the latest report. */
  readonly firstReported: string;
  readonly lastReported: string;
}

export interface GapReportList {
  /** Newest first. */
  readonly gapReports: readonly GapReport[];
  /** Most reported first, then most recent. */
  readonly groups: readonly GapReportGroup[];
}

const groupKey = (report: GapReport): string => JSON.stringify([report.reason, report.municipalityId, report.focusArea ?? '', report.needCategory ?? '', report.status]);

export function groupGapReports(reports: readonly GapReport[]): GapReportGroup[] {
  const groups = new Map<string, GapReportGroup>();
  for (const report of reports) {
    if (report.status === 'merged') continue;
    const key = groupKey(report);
    const seen = groups.get(key);
    groups.set(
      key,
      seen === undefined
        ? {
            reason: report.reason,
            municipalityId: report.municipalityId,
            ...(report.focusArea === undefined ? {} : { focusArea: report.focusArea }),
            ...(report.needCategory === undefined ? {} : { needCategory: report.needCategory }),
            status: report.status,
            count: gapCount(report),
            firstReported: report.createdAt,
            lastReported: report.createdAt,
          }
        : {
            ...seen,
            count: seen.count + gapCount(report),
            firstReported: report.createdAt < seen.firstReported ? report.createdAt : seen.firstReported,
            lastReported: report.createdAt > seen.lastReported ? report.createdAt : seen.lastReported,
          },
    );
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || b.lastReported.localeCompare(a.lastReported));
}

const newestFirst = (a: GapReport, b: GapReport): number => b.createdAt.localeCompare(a.createdAt) || a.gapReportId.localeCompare(b.gapReportId);

/**
 * Coordinators see every report: gaps are the coordination's work. With `mine`, case managers (and coordinators)
 * see the reports they raised themselves, with status, routing and the bodies' outcomes.
 */
export async function listGapReports(deps: { readonly gapReports: GapReportReader }, caller: Caller, options: { readonly mine?: boolean } = {}): Promise<GapReportList> {
  if (options.mine === true) {
    requireRole(caller, 'casemanager', 'coordinator');
    const mine = (await deps.gapReports.listGapReportsRaisedBy(caller.userId)).sort(newestFirst);
    return { gapReports: mine, groups: groupGapReports(mine) };
  }
  requireRole(caller, 'coordinator');
  const reports = (await deps.gapReports.listGapReports()).sort(newestFirst);
  return { gapReports: reports, groups: groupGapReports(reports) };
}
