/**
 * Who is calling: a person of the district's staff with roles and, for case managers, a provider. The handler
 * pipeline reads it from the sign-in's claims (functions/_shared/middlewares/caller.ts).
 */
import { forbidden } from '../errors.ts';
import type { StaffRole } from './roles.ts';

export interface Caller {
  userId: string;
  email: string;
  roles: StaffRole[];
  /** The provider (welfare organisation or municipality) the person works for, if any. */
  providerId?: string;
}

/** Refuses (not allowed) unless the caller has at least one of the roles. */
export function requireRole(caller: Caller, ...roles: readonly StaffRole[]): void {
  if (!roles.some((role) => caller.roles.includes(role))) throw forbidden();
}
