/**
 * The KPI report's gap reports: the open ones by reason, those reported in the period and all of them now — from
 * the counters kept where the reports are written (core/reports/kpi-facts.ts gapReportCounters).
 */
import { GAP_REASON_LABELS } from '../cases/case-labels.ts';
import { GAP_REASONS } from '../cases/gap-report.ts';
import { breakdownOfCounts } from './kpi-counts.ts';
import { countsUnder, GAP_COUNTERS, type KpiCounts } from './kpi-facts.ts';
import type { KpiReportInput } from './kpi-input.ts';
import type { KpiSection } from './kpi-tables.ts';

const openByReason = (counts: KpiCounts): Map<string, number> => countsUnder(counts, GAP_COUNTERS.open);
const total = (rows: ReadonlyMap<string, number>): number => [...rows.values()].reduce((a, b) => a + b, 0);

export function gapReportSection(input: KpiReportInput): KpiSection {
  const reasons = GAP_REASONS.map((reason) => ({ id: reason, label: GAP_REASON_LABELS[reason] }));
  const inPeriod = openByReason(input.data.gapCounts.inPeriod);
  const all = openByReason(input.data.gapCounts.all);
  return {
    id: 'gapReports',
    label: 'Bedarfs- und Lückenmeldungen',
    description: 'Offene (noch nicht bearbeitete) Meldungen über Lücken im Beratungsangebot, nach ihrem Grund.',
    tables: [
      breakdownOfCounts(
        input.export,
        { id: 'gapReports.openInPeriodByReason', label: 'Offene Lückenmeldungen aus dem Zeitraum nach Grund', dimension: { id: 'reason', label: 'Grund' } },
        reasons,
        inPeriod,
        total(inPeriod),
      ),
      breakdownOfCounts(
        input.export,
        { id: 'gapReports.openByReason', label: 'Alle offenen Lückenmeldungen nach Grund (Stand beim Abruf)', dimension: { id: 'reason', label: 'Grund' } },
        reasons,
        all,
        total(all),
      ),
    ],
  };
}
