/**
 * Who did something, as the access export and the data protection officer's audit name them: a person of the staff
 * by name and role, a service by its answer link, or the workflow itself. Case events carry ids only; the names
 * come from the staff directory when the export or the audit is read, never from the event.
 */
import { ROLE_LABELS } from '../identity/roles.ts';
import type { DistrictProfile } from '../profile/schema.ts';
import type { StaffRecord } from '../staff/ports.ts';

export interface ActorName {
  readonly id: string;
  readonly name: string;
  /** The role in German words (ROLE_LABELS), or what kind of actor it is. */
  readonly role: string;
}

/** `service:<serviceId>`: the service answered its referral through the signed link in its mail (core/casework/referral-link-answer.ts). */
export const SERVICE_ACTOR = 'service:';

export function actorName(actor: string, staff: ReadonlyMap<string, Pick<StaffRecord, 'name' | 'role'>>, profile: Pick<DistrictProfile, 'services'>): ActorName {
  if (actor === 'system') return { id: actor, name: 'KIM Flow (automatischer Ablauf)', role: 'System' };
  if (actor.startsWith(SERVICE_ACTOR)) {
    const serviceId = actor.slice(SERVICE_ACTOR.length);
    return { id: actor, name: profile.services.find((s) => s.id === serviceId)?.name ?? serviceId, role: 'Stelle (Rückmelde-Link)' };
  }
  const person = staff.get(actor);
  // A person no longer in the directory is still named by id: the audit must not lose the line.
  return person === undefined ? { id: actor, name: actor, role: 'unbekannt' } : { id: actor, name: person.name, role: ROLE_LABELS[person.role] };
}

/** The staff of a list of records by id. */
export const staffById = (records: readonly StaffRecord[]): ReadonlyMap<string, StaffRecord> => new Map(records.map((r) => [r.id, r]));
