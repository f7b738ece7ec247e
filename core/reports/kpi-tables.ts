/**
 * The shape of the KPI report's sections and tables, as the page (web/pages/kennzahlen.ts) and the CSV
 * (core/reports/kpi-csv.ts) read them. Three kinds of table: counts, durations, indicators (shares).
 */
import type { KpiValue } from './kpi-values.ts';

export interface KpiRow extends KpiValue {
  readonly id: string;
  readonly label: string;
}

export interface KpiCountTable {
  readonly kind: 'counts';
  readonly id: string;
  readonly label: string;
  readonly dimension: { readonly id: string; readonly label: string };
  readonly unit: string;
  readonly rows: readonly KpiRow[];
  /** Present when the rows break this total down (they add up to it). */
  readonly total?: KpiRow;
  /** Counts about people's cases (suppressed in an export); meetings are counts about bodies, not people. */
  readonly personal: boolean;
  readonly note?: string;
}

export interface KpiDurationRow {
  readonly id: string;
  readonly label: string;
  /** The event the duration ends with, in words. */
  readonly endEvent: string;
  /** Cases in which the event has happened. */
  readonly cases: KpiValue;
  readonly median: KpiValue;
  readonly p90: KpiValue;
}

export interface KpiDurationTable {
  readonly kind: 'durations';
  readonly id: string;
  readonly label: string;
  readonly unit: 'Tage';
  readonly rows: readonly KpiDurationRow[];
}

export interface KpiIndicatorRow {
  readonly id: string;
  readonly label: string;
  /** What is counted, in words: numerator and denominator. */
  readonly definition: string;
  readonly numerator: KpiValue;
  readonly denominator: KpiValue;
  /** Per cent, one decimal. */
  readonly percent: KpiValue;
}

export interface KpiIndicatorTable {
  readonly kind: 'indicators';
  readonly id: string;
  readonly label: string;
  readonly rows: readonly KpiIndicatorRow[];
}

export type KpiTable = KpiCountTable | KpiDurationTable | KpiIndicatorTable;

export interface KpiSection {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly tables: readonly KpiTable[];
  /** For the Handlungsziele: what the data cannot show, and why. */
  readonly notComputable?: readonly { readonly label: string; readonly reason: string }[];
}
