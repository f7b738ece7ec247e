/**
 * The KPI report's gap reports: the open ones by reason, those reported in the period and all of them now.
 */
import { GAP_REASON_LABELS } from '../cases/case-labels.ts';
import { GAP_REASONS, type GapReport } from '../cases/gap-report.ts';
import { breakdownBy } from './kpi-counts.ts';
import type { KpiPeriod, KpiReportInput } from './kpi-input.ts';
import type { KpiSection } from './kpi-tables.ts';

/**
 * Gap reports not yet dealt with: new, checked or routed to a body. Closed ones are done; merged ones live on in the
 * report they were merged into, so each gap counts once.
 */
const OPEN_GAP_STATUSES: readonly string[] = ['new', 'accepted', 'routed'];

/** A gap report's day is a UTC date (core/cases/gap-report.ts), compared as such with the period's days. */
export const reportedInPeriod = (report: GapReport, period: KpiPeriod): boolean => report.createdAt >= period.from && report.createdAt <= period.to;

export function gapReportSection(input: KpiReportInput): KpiSection {
  const reasons = GAP_REASONS.map((reason) => ({ id: reason, label: GAP_REASON_LABELS[reason] }));
  const openReports = input.data.gapReports.filter((r) => OPEN_GAP_STATUSES.includes(r.status));
  return {
    id: 'gapReports',
    label: 'Bedarfs- und Lückenmeldungen',
    description: 'Offene (noch nicht bearbeitete) Meldungen über Lücken im Beratungsangebot, nach ihrem Grund.',
    tables: [
      breakdownBy(
        input.export,
        { id: 'gapReports.openInPeriodByReason', label: 'Offene Lückenmeldungen aus dem Zeitraum nach Grund', dimension: { id: 'reason', label: 'Grund' } },
        reasons,
        openReports.filter((r) => reportedInPeriod(r, input.period)),
        (r) => r.reason,
      ),
      breakdownBy(
        input.export,
        { id: 'gapReports.openByReason', label: 'Alle offenen Lückenmeldungen nach Grund (Stand beim Abruf)', dimension: { id: 'reason', label: 'Grund' } },
        reasons,
        openReports,
        (r) => r.reason,
      ),
    ],
  };
}
