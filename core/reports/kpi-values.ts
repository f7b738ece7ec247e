/**
 * One figure of the KPI report: its number and the German text the page and the CSV show, or the mark that it is
 * suppressed in an export (core/reports/suppression.ts).
 */
import { SUPPRESSION_MARKS, type Suppression } from './suppression.ts';

/** A figure: `value` is null when suppressed (see `suppressed`) or when there is nothing to compute from. */
export interface KpiValue {
  readonly value: number | null;
  /** German, as the page and the CSV show it: "12", "2,5", "<5", "x", "–". */
  readonly text: string;
  readonly suppressed?: Suppression;
}

const round1 = (value: number): number => Math.round(value * 10) / 10;
/** One decimal with a decimal comma: 2.25 → "2,3". */
const germanDecimal = (value: number): string => round1(value).toFixed(1).replace('.', ',');

const shown = (value: number | null, text: string): KpiValue => ({ value, text });
const hidden = (suppressed: Suppression): KpiValue => ({ value: null, text: SUPPRESSION_MARKS[suppressed], suppressed });

export const countValue = (value: number, suppressed: Suppression | undefined): KpiValue => (suppressed === undefined ? shown(value, String(value)) : hidden(suppressed));

/** A median, percentile or share with one decimal; "–" when there was nothing to compute it from. */
export const decimalValue = (value: number | undefined, suppressed: Suppression | undefined): KpiValue =>
  suppressed !== undefined ? hidden(suppressed) : value === undefined ? shown(null, '–') : shown(round1(value), germanDecimal(value));
