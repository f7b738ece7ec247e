/**
 * Statistical disclosure control for figures that leave the Kreis (the KPI report with `export=true`).
 *
 * Primary suppression: a count of 1 to 4 is not shown ("<5"); 0 and counts of 5 or more are shown.
 *
 * Secondary suppression, per breakdown (the cells of one dimension that add up to a total that is shown — in the
 * same table or elsewhere in the report): from the total and the cells still shown, a reader knows the sum of the
 * suppressed cells; knowing that a "<5" cell lies between 1 and 4 and that any other suppressed cell holds at least
 * 5 (it would otherwise be "<5" itself), the reader could narrow a "<5" cell down, in the simplest case to its exact
 * value (total minus the one suppressed cell). So further cells are suppressed ("x") until that sum tells nothing
 * about any "<5" cell beyond "between 1 and 4":
 *  - the smallest visible non-zero cell that achieves this on its own is taken; when none does, the largest one,
 *    and the check runs again;
 *  - when even every non-zero cell suppressed is not enough (e.g. cells 1 and 5 of a total of 6), every cell of
 *    the breakdown is shown as "x", zeros included: only the total remains.
 * A total of 1 to 4 is itself suppressed; its cells then are all 0 or "<5", and nothing more is needed.
 *
 * A share (indicator) is a breakdown of its denominator into "with" (the numerator) and "without" (the rest):
 * so "17 of 20" is not published when the 3 without are fewer than 5.
 */

export type Suppression = 'primary' | 'secondary';

/** Counts below this (and above 0) are suppressed in an export. */
export const MIN_PUBLISHED_COUNT = 5;

/** How a suppressed cell is written in the CSV and on the page. */
export const SUPPRESSION_MARKS: Readonly<Record<Suppression, string>> = { primary: '<5', secondary: 'x' };

export const isSmallCount = (value: number): boolean => value >= 1 && value < MIN_PUBLISHED_COUNT;

export interface BreakdownSuppression {
  readonly cells: readonly (Suppression | undefined)[];
  readonly total: Suppression | undefined;
}

/**
 * Whether the sum of the suppressed cells (`hiddenSum`) leaves every "<5" cell anywhere between 1 and 4.
 * The other primary cells add between 1 and 4 each, the secondary ones at least MIN_PUBLISHED_COUNT each.
 */
function protects(primaryCount: number, secondaryCount: number, hiddenSum: number): boolean {
  if (primaryCount === 0) return true;
  const largest = hiddenSum - (primaryCount - 1) - MIN_PUBLISHED_COUNT * secondaryCount;
  // Without secondary cells the others are bounded above, so the cell is bounded below as well.
  const smallest = secondaryCount > 0 ? 1 : hiddenSum - (MIN_PUBLISHED_COUNT - 1) * (primaryCount - 1);
  return largest >= MIN_PUBLISHED_COUNT - 1 && smallest <= 1;
}

/** The suppression of each cell of a breakdown whose cells add up to `total`. */
export function suppressBreakdown(values: readonly number[], total: number): BreakdownSuppression {
  const cells: (Suppression | undefined)[] = values.map((value) => (isSmallCount(value) ? 'primary' : undefined));
  if (isSmallCount(total)) return { cells, total: 'primary' };

  const count = (kind: Suppression): number => cells.filter((cell) => cell === kind).length;
  const hiddenSum = (): number => values.reduce((sum, value, i) => (cells[i] === undefined ? sum : sum + value), 0);
  while (!protects(count('primary'), count('secondary'), hiddenSum())) {
    const candidates = values.map((value, i) => ({ value, i })).filter(({ value, i }) => cells[i] === undefined && value > 0);
    if (candidates.length === 0) {
      // Nothing left to take: only the total stays.
      return { cells: values.map(() => 'secondary'), total: undefined };
    }
    const enough = candidates
      .filter(({ value }) => protects(count('primary'), count('secondary') + 1, hiddenSum() + value))
      .sort((a, b) => a.value - b.value || a.i - b.i)[0];
    const pick = enough ?? candidates.sort((a, b) => b.value - a.value || a.i - b.i)[0];
    if (pick !== undefined) cells[pick.i] = 'secondary';
  }
  return { cells, total: undefined };
}

/** A single count that is no part of a breakdown (e.g. "on the waiting list now"). */
export const suppressCount = (value: number): Suppression | undefined => (isSmallCount(value) ? 'primary' : undefined);
