/**
 * The KPI report (Kennzahlen) for the coordination and, as an export, for the Land: pure — the items in, the
 * report out. Reading the items is core/adapters/dynamo-report-reader.ts; the API is core/reports/kpi-api.ts;
 * the CSV is core/reports/kpi-csv.ts.
 *
 * This module puts the report together; each section is computed in a module of its own (kpi-intakes.ts,
 * kpi-referrals.ts, kpi-durations.ts, kpi-waiting-list.ts, kpi-gap-reports.ts, kpi-goal-*.ts) from the cohort
 * counters of kpi-facts.ts (summed over the period's intake days), and the notes on how to read it are kpi-notes.ts.
 *
 * No personal data: the report counts; it carries no names, case numbers or free text, and the input holds the
 * case items' non-personal fields only. With `export` every count of cases, referrals or reports is protected by
 * core/reports/suppression.ts.
 */
import { awarenessGoalSection } from './kpi-goal-awareness.ts';
import { cooperationGoalSection } from './kpi-goal-cooperation.ts';
import { counsellingGoalSection } from './kpi-goal-counselling.ts';
import { durationSection } from './kpi-durations.ts';
import { gapReportSection } from './kpi-gap-reports.ts';
import { germanDate, type KpiPeriod, type KpiReportInput } from './kpi-input.ts';
import { intakeSection } from './kpi-intakes.ts';
import { reportNotes } from './kpi-notes.ts';
import { recordSection } from './kpi-record.ts';
import { referralSection } from './kpi-referrals.ts';
import type { KpiSection } from './kpi-tables.ts';
import { waitingListSection } from './kpi-waiting-list.ts';

// The API, the reader, the page and the CSV see the report through this one module, whichever part defines a type.
export { periodWindow, type KpiData, type KpiMeeting, type KpiPeriod } from './kpi-input.ts';
export type { KpiCase, KpiCounts, KpiReferral } from './kpi-facts.ts';
export type { KpiCountTable, KpiDurationTable, KpiIndicatorTable, KpiSection, KpiTable } from './kpi-tables.ts';
export type { KpiValue } from './kpi-values.ts';

export interface KpiReport {
  readonly title: string;
  readonly district: string;
  readonly period: KpiPeriod & { readonly label: string };
  readonly generatedAt: string;
  readonly export: boolean;
  /** How to read the report (basis, events, methods, suppression, retention), German. */
  readonly notes: readonly string[];
  readonly sections: readonly KpiSection[];
}

/** In the report's order: the cohort's figures, then the waiting list and gap reports, then the Handlungsziele. */
const SECTIONS = [
  intakeSection,
  referralSection,
  durationSection,
  waitingListSection,
  gapReportSection,
  cooperationGoalSection,
  awarenessGoalSection,
  counsellingGoalSection,
  recordSection,
] as const;

export function buildKpiReport(input: KpiReportInput): KpiReport {
  const { period } = input;
  return {
    title: 'Kennzahlen des Kommunalen Integrationsmanagements',
    district: input.profile.district.name,
    period: { from: period.from, to: period.to, label: `${germanDate(period.from)} bis ${germanDate(period.to)}` },
    generatedAt: input.now.toISOString(),
    export: input.export,
    notes: reportNotes(input),
    sections: SECTIONS.map((section) => section(input, input.data.cohort)),
  };
}
