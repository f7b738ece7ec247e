/**
 * The review state machine of gap reports: what a coordinator may do with a report in its status. Browser-safe
 * (type imports only): the page offers exactly these actions, the API (review-gap-report.ts) enforces them.
 */
import type { GapReport } from '../cases/gap-report.ts';

export const GAP_REVIEW_ACTIONS = ['accept', 'merge', 'route', 'outcome'] as const;
export type GapReviewAction = (typeof GAP_REVIEW_ACTIONS)[number];

export const GAP_ACTION_LABELS: Readonly<Record<GapReviewAction, string>> = {
  accept: 'Prüfen und annehmen',
  merge: 'Zusammenführen',
  route: 'An ein Gremium geben',
  outcome: 'Ergebnis eintragen',
};

/**
 * A report with free text must be accepted (text checked for personal data) before it travels; the workflow's
 * reports carry no text and may be routed at once. Accepting again edits the checked text.
 */
export function allowedReviewActions(report: Pick<GapReport, 'status' | 'text'>): GapReviewAction[] {
  switch (report.status) {
    case 'new':
      return report.text === undefined ? ['accept', 'merge', 'route'] : ['accept', 'merge'];
    case 'accepted':
      return ['accept', 'merge', 'route'];
    case 'routed':
      return ['outcome'];
    case 'merged':
    case 'closed':
      return [];
  }
}

/** A report others can be merged into: one that is still open. */
export const isMergeTarget = (report: Pick<GapReport, 'status'>): boolean => ['new', 'accepted', 'routed'].includes(report.status);
