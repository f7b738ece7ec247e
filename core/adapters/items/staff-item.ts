/**
 * A staff item: the person whole under `data` (as the demo data and `npm run staff` describe them), `openCases`
 * the caseload (the assignment's, absent until the first case), `disabledAt` once the person has left. Keyed by
 * id, in gsi1 by role and — with a provider — in gsi2 by provider and role, where the assignment finds a
 * provider's case managers.
 *
 * Items written before gsi2's sort key began with the role read as `outdatedItem`; the assignment cannot find them
 * until they are written again. In an existing deployment `npm run staff -- add` with the same person rewrites
 * such an item; under `npm start` the demo loader (profile-store.ts) rewrites the demo people's.
 */
import type { CaseManagerLoad } from '../../cases/ports.ts';
import type { StaffMember } from '../../profile/demo-data-schema.ts';
import type { StaffEntry, StaffRecord } from '../../staff/ports.ts';
import { tableKeys, type IndexedItemKey } from '../table-keys.ts';
import { newDataItem, type DataItem } from './data-item.ts';
import type { DynamoItem } from './table-attributes.ts';

const INDEX_ATTRIBUTES = ['gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'] as const;

const staffKeys = (member: Pick<StaffMember, 'id' | 'role' | 'providerId'>): IndexedItemKey => tableKeys.staff(member.id, member.role, member.providerId);

export function toStaffItem(entry: StaffEntry, now: Date): DataItem<StaffMember> & { readonly disabledAt?: string } {
  const { disabledAt, ...member } = entry;
  return { ...newDataItem(staffKeys(member), 'staff', member, now), ...(disabledAt === undefined ? {} : { disabledAt }) };
}

/**
 * Rewriting the person of an existing item: what to set (the index keys move with the person) and which optional
 * attributes to remove. Version and caseload are the writer's to handle.
 */
export function staffItemChanges(entry: StaffEntry, now: Date): { readonly key: IndexedItemKey; readonly set: DynamoItem; readonly remove: readonly string[] } {
  const { disabledAt, ...member } = entry;
  const { pk, sk, ...indexes } = staffKeys(member);
  const set: DynamoItem = { ...indexes, data: member, updatedAt: now.toISOString(), ...(disabledAt === undefined ? {} : { disabledAt }) };
  return { key: { pk, sk }, set, remove: ['gsi2pk', 'gsi2sk', 'disabledAt'].filter((name) => !(name in set)) };
}

export function fromStaffItem(item: DynamoItem): StaffRecord {
  const data = item.data as StaffMember;
  const keys = staffKeys(data);
  return {
    ...data,
    version: Number(item.version),
    // Demo items and people never assigned have no counter yet; the assignment reads that as 0 too.
    openCases: typeof item.openCases === 'number' ? item.openCases : 0,
    ...(typeof item.disabledAt === 'string' ? { disabledAt: item.disabledAt } : {}),
    ...(INDEX_ATTRIBUTES.some((name) => item[name] !== keys[name]) ? { outdatedItem: true as const } : {}),
  };
}

/** The person as the assignment sees a case manager; undefined for anyone it may not choose (other role, no provider, left). */
export function caseManagerFromStaffItem(item: DynamoItem): CaseManagerLoad | undefined {
  const { id, name, email, role, providerId, focusAreas, openCases, disabledAt } = fromStaffItem(item);
  if (role !== 'casemanager' || providerId === undefined || disabledAt !== undefined) return undefined;
  return { staffId: id, name, email, providerId, focusAreas: focusAreas ?? [], openCases };
}
