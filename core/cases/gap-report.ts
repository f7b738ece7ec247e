/**
 * A gap report (Bedarfs-/Lückenmeldung): anonymous by construction — category, municipality, focus area, reason,
 * never a client or case reference — so it can travel to working groups and the Lenkungsgruppe.
 *
 * Its life: `new` (raised by the workflow or by a case manager) → `accepted` (a coordinator checked the free text
 * for personal data, possibly editing it) → `routed` (put on the agenda of a body's next meeting) → `closed`
 * (the body's outcome recorded). A report may instead be `merged` into another one of the same gap: its count
 * is added to the target's, and it points to the target.
 */
import { randomUUID } from 'node:crypto';
import type { FocusAreaId } from '../profile/schema.ts';

export const GAP_REASONS = ['focus-area-not-offered', 'no-service-for-need', 'waiting-list', 'service-capacity', 'other'] as const;
export type GapReason = (typeof GAP_REASONS)[number];

export const GAP_STATUSES = ['new', 'accepted', 'merged', 'routed', 'closed'] as const;
export type GapStatus = (typeof GAP_STATUSES)[number];

/** What a body did with a report routed to it. */
export const GAP_OUTCOMES = ['forwarded-to-steering-group', 'decision', 'measure-started', 'closed-without-action'] as const;
export type GapOutcomeKind = (typeof GAP_OUTCOMES)[number];

export interface GapOutcome {
  readonly outcome: GapOutcomeKind;
  readonly text: string;
  /** The day (YYYY-MM-DD). */
  readonly recordedAt: string;
  readonly bodyId?: string;
  /** A decision in a meeting's minutes (core/meetings/minutes-release.ts): a correction replaces its text. */
  readonly decisionId?: string;
}

export interface GapRouting {
  readonly bodyId: string;
  readonly meetingId: string;
  readonly agendaItemId: string;
  /** The day (YYYY-MM-DD). */
  readonly routedAt: string;
}

export interface GapReport {
  readonly gapReportId: string;
  /** The day (YYYY-MM-DD), deliberately not the instant. */
  readonly createdAt: string;
  readonly source: 'workflow' | 'case-manager';
  readonly reason: GapReason;
  readonly municipalityId: string;
  readonly focusArea?: FocusAreaId;
  readonly needCategory?: string;
  readonly status: GapStatus;
  /** Optimistic locking: every change is conditional on it (the workflow writes 1). */
  readonly version?: number;
  /** How many reports this one stands for (merges add up); absent means 1. */
  readonly count?: number;
  /** A case manager's free text; shown to coordinators only until one accepted it (checked for personal data). */
  readonly text?: string;
  /** The staff id of the case manager who raised it: kept inside the Kreis's system, never in an agenda. */
  readonly raisedBy?: string;
  readonly mergedInto?: string;
  readonly routing?: GapRouting;
  readonly outcomes?: readonly GapOutcome[];
  /** The day (YYYY-MM-DD) a coordinator last reviewed it. */
  readonly reviewedAt?: string;
}

export const gapCount = (report: GapReport): number => report.count ?? 1;

/**
 * A report raised by a workflow step. It is written in the same transaction as the step's own change, so a retried
 * step cannot report twice; its id is random and it carries the day only, so nothing links it back to a case.
 */
export function workflowGapReport(fields: Pick<GapReport, 'reason' | 'municipalityId' | 'focusArea' | 'needCategory'>, now: Date): GapReport {
  return { gapReportId: randomUUID(), createdAt: now.toISOString().slice(0, 10), source: 'workflow', status: 'new', ...fields };
}
