/**
 * Indicators of the KPI report (for the Handlungsziele): a share, numerator of denominator, in per cent.
 */
import { suppressBreakdown } from './suppression.ts';
import type { KpiIndicatorRow } from './kpi-tables.ts';
import { countValue, decimalValue } from './kpi-values.ts';

/**
 * A share: `numerator` of `denominator`. In an export counts of cases are protected as the breakdown
 * "with / without"; the share is hidden whenever its numerator or denominator is.
 */
export function indicatorRow(
  exporting: boolean,
  spec: Pick<KpiIndicatorRow, 'id' | 'label' | 'definition'>,
  numerator: number,
  denominator: number,
  personal = true,
): KpiIndicatorRow {
  const suppression = exporting && personal ? suppressBreakdown([numerator, denominator - numerator], denominator) : { cells: [undefined, undefined], total: undefined };
  const numeratorSuppressed = suppression.cells[0];
  return {
    id: spec.id,
    label: spec.label,
    definition: spec.definition,
    numerator: countValue(numerator, numeratorSuppressed),
    denominator: countValue(denominator, suppression.total),
    percent: decimalValue(denominator === 0 ? undefined : (100 * numerator) / denominator, numeratorSuppressed ?? suppression.total),
  };
}
