/**
 * POST /api/gap-reports: a case manager (or coordinator) reports a gap they met in their casework — a need with no
 * service, a service that is full, a focus area missing in a municipality. Anonymous like the workflow's reports:
 * category, municipality, focus area, need category and a short free text, never a case reference. Who raised it
 * is kept as the staff id only (for "Meine Meldungen"), and the free text is shown to coordinators only until one
 * of them checked it for personal data (status `new` until then).
 */
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import '../validation/zod-german.ts';
import { GAP_REASONS, type GapReport } from '../cases/gap-report.ts';
import type { Clock } from '../clock.ts';
import { validationFailed } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import { requireRole } from '../identity/caller.ts';
import { safeText } from '../intake/text-rules.ts';
import { FOCUS_AREA_IDS, type DistrictProfile } from '../profile/schema.ts';
import { formatIssues } from '../validation/format-issues.ts';
import type { GapReportRepository } from './gap-report-repository.ts';

export const GAP_TEXT_MAX_CHARS = 1000;
// A case number (KIM-2026-0000000H) in the text would tie the report to a person.
const CASE_NUMBER = /KIM-\d{4}-[0-9A-Z]{6,}/i;

/** The free text of a gap report: safe text, up to 1000 characters, several lines, no case number. */
export const gapText = () =>
  safeText({ maxBytes: 4 * GAP_TEXT_MAX_CHARS, multiline: true })
    .pipe(z.string().max(GAP_TEXT_MAX_CHARS, { error: `ist zu lang (höchstens ${String(GAP_TEXT_MAX_CHARS)} Zeichen)` }))
    .refine((text) => !CASE_NUMBER.test(text), { error: 'darf keine Fallnummer enthalten (die Meldung bleibt ohne Bezug zu einem Fall)' });

export interface RaiseGapReportDependencies {
  readonly profile: DistrictProfile;
  readonly clock: Clock;
  readonly gapReports: GapReportRepository;
}

export async function raiseGapReport(deps: RaiseGapReportDependencies, caller: Caller, raw: unknown): Promise<GapReport> {
  requireRole(caller, 'casemanager', 'coordinator');
  const ids = (list: readonly { readonly id: string }[]) => list.map((entry) => entry.id) as [string, ...string[]];
  const schema = z.strictObject({
    reason: z.enum(GAP_REASONS, { error: 'ist kein bekannter Grund' }),
    municipalityId: z.enum(ids(deps.profile.municipalities), { error: 'ist keine Kommune des Kreises' }),
    focusArea: z.enum(FOCUS_AREA_IDS, { error: 'ist kein Schwerpunkt des Profils' }).optional(),
    needCategory: z.enum(ids(deps.profile.needCategories), { error: 'ist keine Bedarfskategorie des Profils' }).optional(),
    text: gapText(),
  });
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
