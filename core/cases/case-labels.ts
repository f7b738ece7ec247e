/**
 * German names of a case's stages and of the reasons for a gap report: one table each for the web pages (case
 * list and detail, gap reports) and whatever else reports on cases, so a stage or gap is called the same
 * everywhere. Browser-safe: plain data and type imports only (case.ts and gap-report.ts use node:crypto).
 */
import type { CaseStage } from './case.ts';
import type { GapReason } from './gap-report.ts';

/** In the order a case passes through them; the case list's filter offers them in this order. */
export const STAGE_LABELS: Readonly<Record<CaseStage, string>> = {
  intake: 'Eingegangen',
  triaged: 'Eingeordnet',
  'waiting-list': 'Auf der Warteliste',
  assigned: 'Zugewiesen',
  'awaiting-assessment': 'Wartet auf Einschätzung',
  referring: 'Vermittlung läuft',
  monitoring: 'In Begleitung',
  closed: 'Abgeschlossen',
};

export const GAP_REASON_LABELS: Readonly<Record<GapReason, string>> = {
  'focus-area-not-offered': 'Schwerpunkt in der Kommune nicht angeboten',
  'no-service-for-need': 'Kein Angebot für diesen Bedarf',
  'waiting-list': 'Warteliste: kein*e Case-Manager*in frei',
  'service-capacity': 'Angebot vorhanden, aber ausgelastet',
  other: 'Sonstige Lücke im Angebot',
};
