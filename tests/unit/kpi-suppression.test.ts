/** Suppression of small counts for the export (core/reports/suppression.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSmallCount, suppressBreakdown, suppressCount } from '../../core/reports/suppression.ts';

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/**
 * What a reader can learn about a "<5" cell from the published figures, by brute force: every assignment of the
 * suppressed cells consistent with the total and with the marks ("<5" = 1..4, "x" = 0 or at least 5 when cells
 * were chosen because they were not small, anything in the all-"x" fallback) — which values can the cell take?
 */
function possibleValues(values: readonly number[], total: number, index: number): Set<number> {
  const { cells } = suppressBreakdown(values, total);
  const fallback = cells.every((c) => c === 'secondary');
  const hidden = values.map((_, i) => i).filter((i) => cells[i] !== undefined);
  const shownSum = sum(values.filter((_, i) => cells[i] === undefined));
  const rangeOf = (i: number): number[] => {
    if (fallback) return Array.from({ length: total + 1 }, (_, v) => v);
    if (cells[i] === 'primary') return [1, 2, 3, 4];
    return Array.from({ length: total + 1 }, (_, v) => v).filter((v) => v >= 5);
  };
  const found = new Set<number>();
  const walk = (k: number, acc: number, chosen: number): void => {
    if (k === hidden.length) {
      if (acc + shownSum === total) found.add(chosen);
      return;
    }
    const i = hidden[k] ?? 0;
    for (const v of rangeOf(i)) {
      if (acc + v + shownSum > total) break;
      walk(k + 1, acc + v, i === index ? v : chosen);
    }
  };
  walk(0, 0, -1);
  return found;
}

describe('primary suppression', () => {
  it('suppresses 1 to 4 and shows 0 and 5 or more', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 100].map(isSmallCount)).toEqual([false, true, true, true, true, false, false, false]);
    expect(suppressCount(0)).toBeUndefined();
    expect(suppressCount(3)).toBe('primary');
    expect(suppressCount(5)).toBeUndefined();
  });

  it('marks every small cell of a breakdown primary, zeros and large cells untouched when they are not needed', () => {
    const { cells, total } = suppressBreakdown([0, 2, 3, 20, 0], 25);
    expect(cells).toEqual([undefined, 'primary', 'primary', undefined, undefined]);
    expect(total).toBeUndefined();
  });

  it('suppresses a small total; its cells are then all 0 or small', () => {
    expect(suppressBreakdown([0, 3, 0], 3)).toEqual({ cells: [undefined, 'primary', undefined], total: 'primary' });
    expect(suppressBreakdown([1, 2], 3)).toEqual({ cells: ['primary', 'primary'], total: 'primary' });
  });

  it('needs nothing when no cell is small', () => {
    expect(suppressBreakdown([0, 5, 12, 7], 24)).toEqual({ cells: [undefined, undefined, undefined, undefined], total: undefined });
  });
});

describe('secondary suppression', () => {
  it('suppresses a second cell when a breakdown has exactly one small cell (total minus the others would reveal it)', () => {
    const { cells } = suppressBreakdown([12, 3, 9, 30], 54);
    expect(cells.filter((c) => c === 'primary')).toHaveLength(1);
    expect(cells.filter((c) => c === 'secondary')).toHaveLength(1);
    // The smallest cell that is enough on its own: 9 (3 + 9 = 12 leaves the 3 anywhere between 1 and 4).
    expect(cells).toEqual([undefined, 'primary', 'secondary', undefined]);
  });

  it('takes a larger cell when the smallest would narrow the small one down (1 and 5 sum to 6: the 1 would be exact)', () => {
    expect(suppressBreakdown([1, 5, 40], 46).cells).toEqual(['primary', undefined, 'secondary']);
  });

  it('suppresses more when two small cells would give each other away (4 + 4 = 8: both must be 4)', () => {
    const { cells } = suppressBreakdown([4, 4, 10, 0], 18);
    expect(cells).toEqual(['primary', 'primary', 'secondary', undefined]);
  });

  it('keeps two small cells when their sum says nothing (2 + 3 = 5: each anywhere from 1 to 4)', () => {
    expect(suppressBreakdown([2, 3, 10], 15).cells).toEqual(['primary', 'primary', undefined]);
  });

  it('shows only the total when even every cell suppressed would not protect (cells 1 and 5)', () => {
    expect(suppressBreakdown([1, 5, 0], 6)).toEqual({ cells: ['secondary', 'secondary', 'secondary'], total: undefined });
  });

  it('never leaves a small cell narrower than "between 1 and 4" (brute force over small breakdowns)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 4 }), (values) => {
        const total = sum(values);
        const { cells, total: totalSuppressed } = suppressBreakdown(values, total);
        // Every small cell is suppressed, zero and large cells are only ever suppressed as "x".
        values.forEach((value, i) => {
          if (isSmallCount(value)) expect(cells[i]).not.toBeUndefined();
          else expect(cells[i]).not.toBe('primary');
        });
        if (totalSuppressed !== undefined) return; // the sum itself is unknown
        values.forEach((value, i) => {
          if (!isSmallCount(value)) return;
          const possible = possibleValues(values, total, i);
          expect(possible.has(value)).toBe(true);
          expect(possible.size, `cell ${i} of ${JSON.stringify(values)}`).toBeGreaterThanOrEqual(cells.every((c) => c === 'secondary') ? 2 : 4);
        });
      }),
      { numRuns: 300 },
    );
  });
});
