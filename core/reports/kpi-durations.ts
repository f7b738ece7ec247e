/**
 * The KPI report's durations: days from the intake to first contact, to the assessment and to the first referral
 * sent, as median and 90th percentile over the cohort's cases in which the event has happened — from the counted
 * histogram of rounded durations (core/reports/kpi-facts.ts durationBucket says how exact).
 */
import { suppressCount } from './suppression.ts';
import { countsUnder, KPI_COUNTERS, type DurationId, type KpiCounts } from './kpi-facts.ts';
import type { KpiReportInput } from './kpi-input.ts';
import type { KpiDurationRow, KpiSection } from './kpi-tables.ts';
import { countValue, decimalValue } from './kpi-values.ts';

/** A histogram of rounded durations: (days, cases) by days ascending. */
type Histogram = readonly (readonly [number, number])[];

function histogram(cohort: KpiCounts, id: DurationId): Histogram {
  return [...countsUnder(cohort, KPI_COUNTERS.duration(id))].map(([days, n]) => [Number(days), n] as const).sort((a, b) => a[0] - b[0]);
}

/** The value of the `rank`-th smallest duration (1-based): a walk over the histogram's classes, not its cases. */
function valueAtRank(classes: Histogram, rank: number): number | undefined {
  let seen = 0;
  for (const [days, n] of classes) {
    seen += n;
    if (seen >= rank) return days;
  }
  return undefined;
}

function median(classes: Histogram, count: number): number | undefined {
  if (count === 0) return undefined;
  const middle = Math.floor(count / 2);
  return count % 2 === 1 ? valueAtRank(classes, middle + 1) : ((valueAtRank(classes, middle) ?? 0) + (valueAtRank(classes, middle + 1) ?? 0)) / 2;
}

/** Nearest-rank percentile: the smallest value with at least p % of the values at or below it. */
const percentile = (classes: Histogram, count: number, p: number): number | undefined => (count === 0 ? undefined : valueAtRank(classes, Math.max(1, Math.ceil((p / 100) * count))));

/** Median and 90th percentile of durations in days; in an export hidden with the number of cases they rest on. */
function durationRow(exporting: boolean, spec: Omit<KpiDurationRow, 'cases' | 'median' | 'p90'>, classes: Histogram): KpiDurationRow {
  const count = classes.reduce((sum, [, n]) => sum + n, 0);
  const suppressed = exporting ? suppressCount(count) : undefined;
  return {
    id: spec.id,
    label: spec.label,
    endEvent: spec.endEvent,
    cases: countValue(count, suppressed),
    median: decimalValue(median(classes, count), suppressed),
    p90: decimalValue(percentile(classes, count, 90), suppressed),
  };
}

export function durationSection(input: KpiReportInput, cohort: KpiCounts): KpiSection {
  return {
    id: 'durations',
    label: 'Bearbeitungszeiten',
    description:
      'Tage von der Erstaufnahme bis zum jeweiligen Ereignis (Kalendertage; gezählt gerundet: unter 10 Tagen auf eine Nachkommastelle, unter 100 Tagen auf ganze Tage, darüber auf 10 Tage): Median und 90. Perzentil über die Fälle, in denen das Ereignis schon eingetreten ist.',
    tables: [
      {
        kind: 'durations',
        id: 'durations',
        label: 'Tage ab der Erstaufnahme',
        unit: 'Tage',
        rows: [
          durationRow(
            input.export,
            {
              id: 'firstContact',
              label: 'bis zum Erstkontakt',
              endEvent:
                'Benachrichtigung der zuständigen Case-Managerin bzw. des zuständigen Case-Managers nach der Zuweisung (der Fall liegt ab dann bei ihr oder ihm); ein erstes Gespräch mit der Person erfasst KIM Flow nicht',
            },
            histogram(cohort, 'firstContact'),
          ),
          durationRow(
            input.export,
            { id: 'assessment', label: 'bis zur Einschätzung (Bedarfsklärung)', endEvent: 'Erfassung der Einschätzung, mit der die Vermittlungen angelegt werden' },
            histogram(cohort, 'assessment'),
          ),
          durationRow(
            input.export,
            { id: 'firstReferralSent', label: 'bis zur ersten versandten Vermittlung', endEvent: 'Versand der ersten Vermittlung an eine Stelle' },
            histogram(cohort, 'firstReferralSent'),
          ),
        ],
      },
    ],
  };
}
