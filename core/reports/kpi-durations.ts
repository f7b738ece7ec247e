/**
 * The KPI report's durations: days from the intake to first contact, to the assessment and to the first referral
 * sent, as median and 90th percentile over the cohort's cases in which the event has happened.
 */
import { suppressCount } from './suppression.ts';
import { assessedAt, DAY_MS, type KpiCase, type KpiCohort, type KpiReportInput } from './kpi-input.ts';
import type { KpiDurationRow, KpiSection } from './kpi-tables.ts';
import { countValue, decimalValue } from './kpi-values.ts';

function median(sorted: readonly number[]): number | undefined {
  if (sorted.length === 0) return undefined;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Nearest-rank percentile: the smallest value with at least p % of the values at or below it. */
function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Median and 90th percentile of durations in days; in an export hidden with the number of cases they rest on. */
function durationRow(exporting: boolean, spec: Omit<KpiDurationRow, 'cases' | 'median' | 'p90'>, days: readonly number[]): KpiDurationRow {
  const sorted = [...days].sort((a, b) => a - b);
  const suppressed = exporting ? suppressCount(sorted.length) : undefined;
  return {
    id: spec.id,
    label: spec.label,
    endEvent: spec.endEvent,
    cases: countValue(sorted.length, suppressed),
    median: decimalValue(median(sorted), suppressed),
    p90: decimalValue(percentile(sorted, 90), suppressed),
  };
}

/** Days from the intake to `iso` (never below 0); none when the event has not happened. */
const sinceIntake = (record: KpiCase, iso: string | undefined): number[] =>
  iso === undefined ? [] : [Math.max(0, (Date.parse(iso) - Date.parse(record.createdAt)) / DAY_MS)];

export function durationSection(input: KpiReportInput, cohort: KpiCohort): KpiSection {
  const { cases } = cohort;
  const firstSentAt = (record: KpiCase): string | undefined =>
    cohort
      .referralsOf(record.caseId)
      .flatMap((r) => r.sentAt ?? [])
      .sort()[0];
  return {
    id: 'durations',
    label: 'Bearbeitungszeiten',
    description:
      'Tage von der Erstaufnahme bis zum jeweiligen Ereignis (Kalendertage, eine Nachkommastelle): Median und 90. Perzentil über die Fälle, in denen das Ereignis schon eingetreten ist.',
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
            cases.flatMap((c) => sinceIntake(c, c.assessmentRequestedAt)),
          ),
          durationRow(
            input.export,
            { id: 'assessment', label: 'bis zur Einschätzung (Bedarfsklärung)', endEvent: 'Erfassung der Einschätzung, mit der die Vermittlungen angelegt werden' },
            cases.flatMap((c) => sinceIntake(c, assessedAt(cohort, c))),
          ),
          durationRow(
            input.export,
            { id: 'firstReferralSent', label: 'bis zur ersten versandten Vermittlung', endEvent: 'Versand der ersten Vermittlung an eine Stelle' },
            cases.flatMap((c) => sinceIntake(c, firstSentAt(c))),
          ),
        ],
      },
    ],
  };
}
