/**
 * What provisioning staff needs from outside: the sign-in directory (Cognito in AWS) and the staff items of the
 * table. The staff item's id is the directory's `sub`, the `userId` the API sees (core/identity/caller.ts), so
 * case ownership and assignment refer to the person who signs in.
 */
import type { StaffRole } from '../identity/roles.ts';
import type { StaffMember } from '../profile/demo-data-schema.ts';

export interface NewIdentity {
  readonly email: string;
  readonly name: string;
  readonly group: StaffRole;
  readonly providerId?: string;
}

export interface Identity {
  /** The directory's stable user id (Cognito `sub`): the staff item's id. */
  readonly sub: string;
  /** false when the account already existed; it is then returned as it is, unchanged. */
  readonly created: boolean;
  readonly enabled: boolean;
  /** The provider the account carries (`custom:providerId`), which ends up in every token. */
  readonly providerId?: string;
}

export interface IdentityDirectory {
  /** Creates the account in `group` and has the directory mail the temporary password; an existing one is only read. */
  createUser(user: NewIdentity): Promise<Identity>;
  /** Idempotent: adding a member again changes nothing. */
  addToGroup(email: string, group: StaffRole): Promise<void>;
  /** Disables the account (signing in and refreshing tokens stop); the sub, or undefined when there is no such account. */
  disableUser(email: string): Promise<string | undefined>;
}

/**
 * A staff item: the person as the demo data describes staff (the same `data` the assignment reads), plus what
 * the table keeps about it.
 */
export interface StaffRecord extends StaffMember {
  readonly version: number;
  /** Set once the person has left: the assignment skips them, the account is disabled. */
  readonly disabledAt?: string;
  /** Open cases, counted by the assignment and by closing cases; never written here. */
  readonly openCases: number;
  /** The item predates the table's current keys (the assignment cannot find it): writing it again brings them. */
  readonly outdatedItem?: true;
}

/** What provisioning writes; `openCases` stays the assignment's. */
export type StaffEntry = Omit<StaffRecord, 'version' | 'openCases' | 'outdatedItem'>;

export interface StaffDirectory {
  get(id: string): Promise<StaffRecord | undefined>;
  list(): Promise<StaffRecord[]>;
  /**
   * Creates the item (`expectedVersion` undefined: it must not exist yet) or replaces the person's data if the
   * item still has `expectedVersion`. Throws StaffVersionConflict otherwise.
   */
  put(entry: StaffEntry, expectedVersion: number | undefined, now: Date): Promise<void>;
}

/** Someone else wrote the staff item between reading and writing it. */
export class StaffVersionConflict extends Error {
  override name = 'StaffVersionConflict';
}
