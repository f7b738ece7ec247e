/**
 * Tables of counts in the KPI report: a breakdown (rows that add up to a total, one dimension such as the
 * municipality) or single figures. In an export the counts about people's cases are suppressed here.
 */
import { suppressBreakdown, suppressCount } from './suppression.ts';
import type { KpiCountTable, KpiRow } from './kpi-tables.ts';
import { countValue } from './kpi-values.ts';
import { NONE } from './kpi-facts.ts';

export interface CountSpec {
  readonly id: string;
  readonly label: string;
  readonly dimension: { readonly id: string; readonly label: string };
  readonly unit?: string;
  readonly personal?: boolean;
  readonly note?: string;
}

/** A row of a table: a value of its dimension. */
export interface Entry {
  readonly id: string;
  readonly label: string;
}

const notYet = (label: string): Entry => ({ id: NONE, label });

export const named = (list: readonly { readonly id: string; readonly name: string }[]): Entry[] => list.map(({ id, name }) => ({ id, label: name }));

/** The profile's entries in its order, then ids the data has but the profile no longer knows (shown by id). */
export function entriesFor(known: readonly Entry[], seen: Iterable<string>, extra: readonly Entry[] = []): Entry[] {
  const ids = new Set([...known.map((e) => e.id), ...extra.map((e) => e.id)]);
  const unknown = [...new Set(seen)].filter((id) => !ids.has(id)).sort();
  return [...known.map(({ id, label }) => ({ id, label })), ...unknown.map((id) => ({ id, label: id })), ...extra];
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function countTable(spec: CountSpec, rows: readonly KpiRow[], total: KpiRow | undefined): KpiCountTable {
  return {
    kind: 'counts',
    id: spec.id,
    label: spec.label,
    dimension: spec.dimension,
    unit: spec.unit ?? 'Anzahl',
    rows,
    ...(total === undefined ? {} : { total }),
    personal: spec.personal ?? true,
    ...(spec.note === undefined ? {} : { note: spec.note }),
  };
}

/** Rows that add up to `total` (a breakdown), suppressed together in an export. */
export function breakdownTable(exporting: boolean, spec: CountSpec, entries: readonly Entry[], counts: ReadonlyMap<string, number>, total: number): KpiCountTable {
  const values = entries.map((entry) => counts.get(entry.id) ?? 0);
  const sum = values.reduce((a, b) => a + b, 0);
  if (sum !== total) throw new Error(`KPI table ${spec.id}: rows add up to ${sum}, not ${total}`);
  const suppression = exporting && (spec.personal ?? true) ? suppressBreakdown(values, total) : { cells: values.map(() => undefined), total: undefined };
  return countTable(
    spec,
    entries.map((entry, i) => ({ id: entry.id, label: entry.label, ...countValue(values[i] ?? 0, suppression.cells[i]) })),
    { id: 'total', label: 'Insgesamt', ...countValue(total, suppression.total) },
  );
}

/**
 * A breakdown of `items` by `key`: the profile's entries (`known`) in its order, ids it no longer knows, and with
 * `missing` a last row (id `none`) for the items that have no value yet.
 */
export function breakdownBy<T>(exporting: boolean, spec: CountSpec, known: readonly Entry[], items: readonly T[], key: (item: T) => string): KpiCountTable;
export function breakdownBy<T>(exporting: boolean, spec: CountSpec, known: readonly Entry[], items: readonly T[], key: (item: T) => string | undefined, missing: string): KpiCountTable;
export function breakdownBy<T>(exporting: boolean, spec: CountSpec, known: readonly Entry[], items: readonly T[], key: (item: T) => string | undefined, missing?: string): KpiCountTable {
  const seen = items.flatMap((item) => key(item) ?? []);
  const entries = entriesFor(known, seen, missing === undefined ? [] : [notYet(missing)]);
  return breakdownTable(exporting, spec, entries, countBy(items, (item) => key(item) ?? NONE), items.length);
}

/**
 * A breakdown from counted rows (core/reports/kpi-facts.ts countsUnder): the profile's entries (`known`) in its
 * order, ids it no longer knows, and with `missing` a last row (id `none`) for what has no value yet.
 */
export function breakdownOfCounts(exporting: boolean, spec: CountSpec, known: readonly Entry[], rows: ReadonlyMap<string, number>, total: number, missing?: string): KpiCountTable {
  const seen = [...rows.keys()].filter((id) => missing === undefined || id !== NONE);
  return breakdownTable(exporting, spec, entriesFor(known, seen, missing === undefined ? [] : [notYet(missing)]), rows, total);
}

/** Counts that do not add up to anything: in an export each is suppressed on its own. */
export function figuresTable(exporting: boolean, spec: CountSpec, rows: readonly (Entry & { readonly count: number })[]): KpiCountTable {
  const protect = exporting && (spec.personal ?? true);
  return countTable(
    spec,
    rows.map((row) => ({ id: row.id, label: row.label, ...countValue(row.count, protect ? suppressCount(row.count) : undefined) })),
    undefined,
  );
}
