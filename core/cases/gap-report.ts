/**
 * A gap report (Bedarfs-/Lückenmeldung): anonymous by construction — category, municipality, focus area, reason,
 * never a client or case reference — so it can travel to working groups and the Lenkungsgruppe.
 */
import { randomUUID } from 'node:crypto';
import type { FocusAreaId } from '../profile/schema.ts';

export const GAP_REASONS = ['focus-area-not-offered', 'no-service-for-need', 'waiting-list'] as const;
export type GapReason = (typeof GAP_REASONS)[number];

export interface GapReport {
  readonly gapReportId: string;
  /** The day (YYYY-MM-DD), deliberately not the instant. */
  readonly createdAt: string;
  readonly source: 'workflow' | 'case-manager';
  readonly reason: GapReason;
  readonly municipalityId: string;
  readonly focusArea?: FocusAreaId;
  readonly needCategory?: string;
  readonly status: 'new';
}

/**
 * A report raised by a workflow step. It is written in the same transaction as the step's own change, so a retried
 * step cannot report twice; its id is random and it carries the day only, so nothing links it back to a case.
 */
export function workflowGapReport(fields: Omit<GapReport, 'gapReportId' | 'createdAt' | 'status' | 'source'>, now: Date): GapReport {
  return { gapReportId: randomUUID(), createdAt: now.toISOString().slice(0, 10), source: 'workflow', status: 'new', ...fields };
}
