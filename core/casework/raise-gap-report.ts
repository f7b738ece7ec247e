/**
 * POST /api/gap-reports: a case manager (or coordinator) reports a gap they met in their casework — a need with no
 * service, a service that is full, a focus area missing in a municipality. Anonymous like the workflow's reports:
 * category, municipality, focus area, need category and a short free text, never a case reference. Who raised it
 * is kept as the staff id only (for "Meine Meldungen"), and the free text is shown to coordinators only until one
 * of them checked it for personal data (status `new` until then).
 */
import { randomUUID } from 'node:crypto';
import type { GapReport } from '../cases/gap-report.ts';
import type { Clock } from '../clock.ts';
import { validationFailed } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import { requireRole } from '../identity/caller.ts';
import type { DistrictProfile } from '../profile/schema.ts';
import { formatIssues } from '../validation/format-issues.ts';
import type { GapReportRepository } from './gap-report-repository.ts';
import { gapReportSchema } from './input-schemas.ts';

export interface RaiseGapReportDependencies {
  readonly profile: DistrictProfile;
  readonly clock: Clock;
  readonly gapReports: GapReportRepository;
}

export async function raiseGapReport(deps: RaiseGapReportDependencies, caller: Caller, raw: unknown): Promise<GapReport> {
  requireRole(caller, 'casemanager', 'coordinator');
  const schema = gapReportSchema(deps.profile);
  // A form sends empty selects as ""; they mean "not given".
  const input = typeof raw === 'object' && raw !== null ? Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== '')) : raw;
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationFailed(formatIssues(parsed.error.issues));
  const { focusArea, needCategory, ...rest } = parsed.data;
  return deps.gapReports.createGapReport({
    gapReportId: randomUUID(),
    createdAt: deps.clock.now().toISOString().slice(0, 10),
    source: 'case-manager',
    status: 'new',
    count: 1,
    raisedBy: caller.userId,
    ...rest,
    ...(focusArea === undefined ? {} : { focusArea }),
    ...(needCategory === undefined ? {} : { needCategory }),
  });
}
