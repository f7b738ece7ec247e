/**
 * German names of a gap report's status and of a body's outcomes, for the API's messages and the web page.
 * Browser-safe: plain data and type imports only (gap-report.ts uses node:crypto).
 */
import type { GapOutcomeKind, GapStatus } from './gap-report.ts';

export const GAP_STATUS_LABELS: Readonly<Record<GapStatus, string>> = {
  new: 'neu, nicht geprüft',
  accepted: 'geprüft',
  merged: 'zusammengeführt',
  routed: 'an ein Gremium gegeben',
  closed: 'abgeschlossen',
};

export const GAP_OUTCOME_LABELS: Readonly<Record<GapOutcomeKind, string>> = {
  'forwarded-to-steering-group': 'an die Lenkungsgruppe weitergegeben',
  decision: 'Beschluss',
  'measure-started': 'Maßnahme begonnen',
  'closed-without-action': 'ohne Maßnahme abgeschlossen',
};
