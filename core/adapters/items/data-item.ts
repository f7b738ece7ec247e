/**
 * Items that keep their record whole under `data` (profile entries, staff, body members): the record wrapped in
 * its keys, type, version and timestamps, as first written.
 */
import type { IndexedItemKey } from '../table-keys.ts';

export type DataItem<T> = IndexedItemKey & {
  readonly type: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly data: T;
};

export function newDataItem<T>(key: IndexedItemKey, type: string, data: T, now: Date): DataItem<T> {
  const timestamp = now.toISOString();
  return { ...key, type, version: 1, createdAt: timestamp, updatedAt: timestamp, data };
}
