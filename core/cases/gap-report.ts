/**
 * A gap report (Bedarfs-/Lückenmeldung): anonymous by construction — category, municipality, focus area, reason,
 * never a client or case reference — so it can travel to working groups and the Lenkungsgruppe.
 */
import { createHash } from 'node:crypto';
import type { FocusAreaId } from '../profile/schema.ts';

export const GAP_REASONS = ['focus-area-not-offered', 'no-service-for-need', 'waiting-list'] as const;
export type GapReason = (typeof GAP_REASONS)[number];

export interface GapReport {
  readonly gapReportId: string;
  readonly createdAt: string;
  readonly source: 'workflow' | 'case-manager';
  readonly reason: GapReason;
  readonly municipalityId: string;
  readonly focusArea?: FocusAreaId;
  readonly needCategory?: string;
  readonly status: 'new';
}

/**
 * A report raised by a workflow step. Its id is derived from the step's own key (e.g. case and reason) so a
 * retried step cannot report twice; the hash keeps the case number out of the report.
 */
export function workflowGapReport(stepKey: string, fields: Omit<GapReport, 'gapReportId' | 'createdAt' | 'status' | 'source'>, now: Date): GapReport {
  const gapReportId = createHash('sha256').update(`gap\n${stepKey}`).digest('hex').slice(0, 32);
  return { gapReportId, createdAt: now.toISOString(), source: 'workflow', status: 'new', ...fields };
}
