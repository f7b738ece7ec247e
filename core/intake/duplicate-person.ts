/**
 * The duplicate-person warning at intake: before a second case is created for a person who already has an open or
 * recently closed one (same normalised family name and date of birth, core/cases/person-key.ts), intake staff are
 * asked. They learn that a case exists and its number — the number lets them tell the coordination which one — but
 * nothing else of it: intake staff may not read cases. Confirming creates the case anyway (two cases of one person
 * can be right: a new situation, or two people who share name and birthday).
 */
import type { CaseRecord } from '../cases/case.ts';
import { personKey } from '../cases/person-key.ts';
import type { CaseRepository } from '../cases/ports.ts';
import { DUPLICATE_CONFIRMED_FIELD } from './duplicate-warning-html.ts';
import { isTicked } from './intake-form.ts';
import { DAY_MS } from '../clock.ts';

/**
 * "Recently closed": within 12 months. A person who comes back within a year usually continues the same situation,
 * and such a case is better reopened (its history, consents and case manager stay) than started again; after a
 * year a new intake is the normal way. Closed cases stay findable by the coordination's search for the whole
 * retention period (profile `retention.caseClosedDays`), so nothing is hidden by the shorter window.
 */
export const RECENTLY_CLOSED_DAYS = 365;

export interface DuplicatePerson {
  /** The case numbers, oldest first. */
  readonly duplicateOf: readonly string[];
}

/**
 * Splits the confirmation off the submitted intake, so the intake's own (strict) schema and its idempotency hash
 * see the same request whether it was confirmed or not: the unconfirmed submission stored nothing, and its
 * confirmed repetition with the same key is then the same intake.
 */
export function splitConfirmation(raw: unknown): { readonly intake: unknown; readonly duplicateConfirmed: boolean } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !(DUPLICATE_CONFIRMED_FIELD in raw)) return { intake: raw, duplicateConfirmed: false };
  const { [DUPLICATE_CONFIRMED_FIELD]: confirmed, ...intake } = raw as Record<string, unknown>;
  return { intake, duplicateConfirmed: confirmed === true || (typeof confirmed === 'string' && isTicked(confirmed)) };
}

const counts = (record: CaseRecord, now: Date): boolean =>
  record.stage !== 'closed' || (record.closedAt !== undefined && now.getTime() - Date.parse(record.closedAt) <= RECENTLY_CLOSED_DAYS * DAY_MS);

/**
 * The open or recently closed cases of the person, or `replay` when one of them was created by this very intake
 * (the same Idempotency-Key: a retry after a lost answer, which must get its case, not a warning).
 */
export async function casesOfSamePerson(
  deps: { readonly cases: Pick<CaseRepository, 'listPersonMarkers' | 'getCase'> },
  person: { readonly familyName: string; readonly dateOfBirth: string },
  intakeKeyHash: string,
  now: Date,
): Promise<'replay' | DuplicatePerson> {
  const markers = (await deps.cases.listPersonMarkers(personKey(person.familyName, person.dateOfBirth))).filter(
    (marker) => marker.expiresAt === undefined || marker.expiresAt * 1000 > now.getTime(),
  );
  if (markers.some((marker) => marker.intakeKeyHash === intakeKeyHash)) return 'replay';
  const cases = await Promise.all(markers.map((marker) => deps.cases.getCase(marker.caseId)));
  return { duplicateOf: cases.flatMap((record) => (record !== undefined && counts(record, now) ? [record.caseId] : [])) };
}
