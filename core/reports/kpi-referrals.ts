/**
 * The KPI report's referrals: those of the cohort's cases, by service and by outcome as they stand when the
 * report is made, and the declined ones by their coded reason.
 */
import type { ReferralStatus } from '../cases/referral.ts';
import { breakdownBy, breakdownTable, countBy, named } from './kpi-counts.ts';
import type { KpiCohort, KpiReportInput } from './kpi-input.ts';
import type { KpiCountTable, KpiSection } from './kpi-tables.ts';
import { countValue } from './kpi-values.ts';

export const REFERRAL_OUTCOME_GROUPS = ['accepted', 'declined', 'completed', 'no-show', 'open', 'held-back', 'gap', 'stopped'] as const;
export type ReferralOutcomeGroup = (typeof REFERRAL_OUTCOME_GROUPS)[number];

const OUTCOME_GROUP_OF: Readonly<Record<ReferralStatus, ReferralOutcomeGroup>> = {
  planned: 'open',
  sent: 'open',
  accepted: 'accepted',
  declined: 'declined',
  completed: 'completed',
  'no-show': 'no-show',
  'held-no-consent': 'held-back',
  gap: 'gap',
  stopped: 'stopped',
};

/** The outcome a referral counts under: every status belongs to exactly one group, so the groups add up. */
export const referralOutcomeGroup = (status: ReferralStatus): ReferralOutcomeGroup => OUTCOME_GROUP_OF[status];

const OUTCOME_GROUP_LABELS: Readonly<Record<ReferralOutcomeGroup, string>> = {
  accepted: 'angenommen',
  declined: 'abgelehnt',
  completed: 'abgeschlossen',
  'no-show': 'nicht erschienen',
  open: 'offen (geplant oder versandt, noch ohne Ergebnis)',
  'held-back': 'zurückgehalten (Einwilligung fehlt)',
  gap: 'nicht vermittelbar (kein Angebot, Lücke gemeldet)',
  stopped: 'gestoppt (Einwilligung widerrufen)',
};

/**
 * The declined referrals by their coded reason. Its total is the "declined" cell of the outcome table; when that
 * cell is suppressed in an export, so is this whole table (its cells would add up to the hidden figure).
 */
function declineReasonTable(input: KpiReportInput, referrals: KpiCohort['referrals'], byOutcome: KpiCountTable): KpiCountTable {
  const table = breakdownBy(
    input.export,
    {
      id: 'referrals.declinedByReason',
      label: 'Abgelehnte Vermittlungen nach Grund',
      dimension: { id: 'reason', label: 'Ablehnungsgrund' },
      note: 'Der kodierte Grund der Stelle oder des Case-Managements; Freitext wird nicht ausgewertet.',
    },
    named(input.profile.referralDeclineReasons),
    referrals.filter((r) => r.status === 'declined'),
    (r) => r.outcomeReasonCode,
    'ohne Grund-Code (vor Einführung der Codes erfasst)',
  );
  const declined = byOutcome.rows.find((row) => row.id === 'declined');
  if (declined?.suppressed === undefined || table.total === undefined) return table;
  const hidden = countValue(0, 'secondary');
  return { ...table, rows: table.rows.map((row) => ({ ...row, ...hidden })), total: { ...table.total, ...countValue(0, declined.suppressed) } };
}

export function referralSection(input: KpiReportInput, { referrals }: KpiCohort): KpiSection {
  const byOutcome = breakdownTable(
    input.export,
    { id: 'referrals.byOutcome', label: 'Vermittlungen nach Ergebnis', dimension: { id: 'outcome', label: 'Ergebnis' } },
    REFERRAL_OUTCOME_GROUPS.map((group) => ({ id: group, label: OUTCOME_GROUP_LABELS[group] })),
    countBy(referrals, (r) => referralOutcomeGroup(r.status)),
    referrals.length,
  );
  return {
    id: 'referrals',
    label: 'Vermittlungen',
    description: 'Die Vermittlungen (eine je Bedarf aus der Einschätzung) der Fälle mit Erstaufnahme im Zeitraum, mit ihrem Ergebnis beim Abruf.',
    tables: [
      breakdownBy(
        input.export,
        { id: 'referrals.byService', label: 'Vermittlungen nach Stelle', dimension: { id: 'service', label: 'Stelle' } },
        named(input.profile.services),
        referrals,
        (r) => r.serviceId,
        'ohne Stelle (kein passendes Angebot im Katalog)',
      ),
      byOutcome,
      declineReasonTable(input, referrals, byOutcome),
    ],
  };
}
