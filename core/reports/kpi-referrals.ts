/**
 * The KPI report's referrals: those of the cohort's cases, by service and by outcome as they stand when the
 * report is made, and the declined ones by their coded reason.
 */
import { breakdownOfCounts, named } from './kpi-counts.ts';
import { countsUnder, KPI_COUNTERS, REFERRAL_OUTCOME_GROUPS, type KpiCounts, type ReferralOutcomeGroup } from './kpi-facts.ts';
import type { KpiReportInput } from './kpi-input.ts';
import type { KpiCountTable, KpiSection } from './kpi-tables.ts';
import { countValue } from './kpi-values.ts';

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
function declineReasonTable(input: KpiReportInput, cohort: KpiCounts, byOutcome: KpiCountTable): KpiCountTable {
  const declined = countsUnder(cohort, KPI_COUNTERS.referralsByOutcome).get('declined') ?? 0;
  const table = breakdownOfCounts(
    input.export,
    {
      id: 'referrals.declinedByReason',
      label: 'Abgelehnte Vermittlungen nach Grund',
      dimension: { id: 'reason', label: 'Ablehnungsgrund' },
      note: 'Der kodierte Grund der Stelle oder des Case-Managements; Freitext wird nicht ausgewertet.',
    },
    named(input.profile.referralDeclineReasons),
    countsUnder(cohort, KPI_COUNTERS.declinedByReason),
    declined,
    'ohne Grund-Code (vor Einführung der Codes erfasst)',
  );
  const declinedRow = byOutcome.rows.find((row) => row.id === 'declined');
  if (declinedRow?.suppressed === undefined || table.total === undefined) return table;
  const hidden = countValue(0, 'secondary');
  return { ...table, rows: table.rows.map((row) => ({ ...row, ...hidden })), total: { ...table.total, ...countValue(0, declinedRow.suppressed) } };
}

export function referralSection(input: KpiReportInput, cohort: KpiCounts): KpiSection {
  const outcomes = countsUnder(cohort, KPI_COUNTERS.referralsByOutcome);
  // Every referral has exactly one outcome group: their sum is the number of referrals.
  const total = [...outcomes.values()].reduce((a, b) => a + b, 0);
  const byOutcome = breakdownOfCounts(
    input.export,
    { id: 'referrals.byOutcome', label: 'Vermittlungen nach Ergebnis', dimension: { id: 'outcome', label: 'Ergebnis' } },
    REFERRAL_OUTCOME_GROUPS.map((group) => ({ id: group, label: OUTCOME_GROUP_LABELS[group] })),
    outcomes,
    total,
  );
  return {
    id: 'referrals',
    label: 'Vermittlungen',
    description: 'Die Vermittlungen (eine je Bedarf aus der Einschätzung) der Fälle mit Erstaufnahme im Zeitraum, mit ihrem Ergebnis beim Abruf.',
    tables: [
      breakdownOfCounts(
        input.export,
        { id: 'referrals.byService', label: 'Vermittlungen nach Stelle', dimension: { id: 'service', label: 'Stelle' } },
        named(input.profile.services),
        countsUnder(cohort, KPI_COUNTERS.referralsByService),
        total,
        'ohne Stelle (kein passendes Angebot im Katalog)',
      ),
      byOutcome,
      declineReasonTable(input, cohort, byOutcome),
    ],
  };
}
