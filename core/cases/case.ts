/**
 * A case: where one person's way through KIM stands. The case item carries no personal data (that lives in the
 * client item), so lists, workflow steps and logs can use it freely. Its `stage` is the source of truth the
 * workflow resumes from (ARCHITECTURE.md, "Workflow").
 */
import { randomInt } from 'node:crypto';
import type { FocusAreaId } from '../profile/schema.ts';
import type { Intake } from '../intake/intake-schema.ts';
import type { ErasureBasis } from '../privacy/erase-basis.ts';

export const CASE_STAGES = [
  'intake', // received, not yet triaged
  'triaged', // focus area decided
  'waiting-list', // no case manager free; coordinators told
  'assigned', // case manager chosen, not yet told
  'awaiting-assessment',
  'referring',
  'monitoring',
  'closed',
] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

export interface CaseRecord {
  readonly caseId: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly stage: CaseStage;
  /** Set when a step failed for good: the case is parked and the coordination told. */
  readonly attention?: { readonly step: string; readonly at: string };
  readonly municipalityId: string;
  readonly requestedFocusArea: FocusAreaId;
  readonly focusArea?: FocusAreaId;
  readonly crisis: boolean;
  readonly needCategories: readonly string[];
  readonly intakeBy: string;
  readonly providerId?: string;
  readonly caseManagerId?: string;
  /** When the case manager was told and the assessment clock started; reminders count working days from here. */
  readonly assessmentRequestedAt?: string;
  readonly assessmentReminderSentAt?: string;
  readonly assessmentEscalatedAt?: string;
  /** The task token the assessment API answers (not personal data; replaced by each new wait). */
  readonly assessmentTaskToken?: string;
  /** The task token the close API answers while the case is in monitoring. */
  readonly closureTaskToken?: string;
  /**
   * Set by a hand-over until its mail to the new case manager has gone out (core/casework/hand-over.ts): a call that
   * died in between leaves it, and the next call for the case sends the mail. Ids and a time only.
   */
  readonly handoverNotice?: { readonly staffId: string; readonly since: string };
  /** Executions started for this case so far; the next execution's name is `<caseId>-<generation + 1>`. */
  readonly generation: number;
  readonly closedAt?: string;
  /** Why the case was closed: a code of the profile's `closureReasons` (the evaluation at closure). */
  readonly closureReason?: string;
  /**
   * When a person last wrote to the case record (contact, note, goal); not versioned (dynamo-case-record-repository.ts).
   * The case's last activity is the later of this and `updatedAt`.
   */
  readonly lastRecordAt?: string;
  /** Epoch seconds: end of the retention period after closure (DynamoDB TTL). */
  readonly expiresAt?: number;
  /**
   * Restriction of processing (Art. 18 DSGVO, core/casework/restrict-case.ts): since when and by which data
   * protection officer the case is blocked — nobody but the officer reads it, no step processes it. Ids and a time only.
   */
  readonly restrictedAt?: string;
  readonly restrictedBy?: string;
  /**
   * Erasure (Art. 17 DSGVO, core/privacy/erase-person.ts): the case is only its tombstone — when, by whom, on what
   * basis — and the workflow's erasure steps delete the rest; `erasureDoneAt` once they have (services told too).
   */
  readonly erasedAt?: string;
  readonly erasedBy?: string;
  readonly erasureBasis?: ErasureBasis;
  readonly erasureDoneAt?: string;
}

/** The client item: all personal data of the case, read only where needed and allowed. */
export interface ClientRecord {
  readonly caseId: string;
  readonly version: number;
  readonly familyName: string;
  readonly givenNames?: string;
  readonly dateOfBirth: string;
  readonly gender?: string;
  readonly nationality: string;
  readonly languages: readonly string[];
  readonly interpreterNeeded: boolean;
  readonly municipalityId: string;
  readonly address?: { readonly street: string; readonly postalCode: string; readonly city: string };
  readonly phone?: string;
  readonly email?: string;
  readonly residenceStatus: string;
  readonly arrivalDate: string;
  readonly needsDescription?: string;
  readonly consentToProcessingAt: string;
}

// Crockford's base32 without I, L, O, U: readable on the phone, no accidental words.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A case number people can read out: `KIM-2026-7QK3M2XD`. Random, so it reveals nothing about volumes. */
export function newCaseId(now: Date): string {
  let suffix = '';
  for (let i = 0; i < 8; i += 1) suffix += ALPHABET.charAt(randomInt(ALPHABET.length));
  return `KIM-${now.getUTCFullYear()}-${suffix}`;
}

export const CASE_ID_PATTERN = /^KIM-\d{4}-[0-9A-HJKMNP-TV-Z]{8}$/;

/**
 * A case number inside free text, also typed in lower case, with a space for the hyphen or with letters the alphabet
 * leaves out (I, L, O, U): any of them ties the text to a person, so texts that travel (gap reports, topics) refuse it.
 * Exactly eight letters or digits after the year, as a case number has: "KIM-2026-Konferenz" (nine) is no case number.
 */
export const CASE_NUMBER_IN_TEXT = /KIM[-\s]\d{4}[-\s][0-9A-Z]{8}(?![0-9A-Z])/i;

export function caseFromIntake(caseId: string, intake: Intake, intakeBy: string, now: Date): { case: CaseRecord; client: ClientRecord } {
  const at = now.toISOString();
  return {
    case: {
      caseId,
      version: 1,
      createdAt: at,
      updatedAt: at,
      stage: 'intake',
      municipalityId: intake.municipalityId,
      requestedFocusArea: intake.requestedFocusArea,
      crisis: intake.crisis,
      needCategories: intake.needs.categories,
      intakeBy,
      generation: 1,
    },
    client: {
      caseId,
      version: 1,
      familyName: intake.familyName,
      ...(intake.givenNames === undefined ? {} : { givenNames: intake.givenNames }),
      dateOfBirth: intake.dateOfBirth,
      ...(intake.gender === undefined ? {} : { gender: intake.gender }),
      nationality: intake.nationality,
      languages: intake.languages,
      interpreterNeeded: intake.interpreterNeeded,
      municipalityId: intake.municipalityId,
      ...(intake.address === undefined ? {} : { address: intake.address }),
      ...(intake.phone === undefined ? {} : { phone: intake.phone }),
      ...(intake.email === undefined ? {} : { email: intake.email }),
      residenceStatus: intake.residenceStatus,
      arrivalDate: intake.arrivalDate,
      ...(intake.needs.description === undefined ? {} : { needsDescription: intake.needs.description }),
      consentToProcessingAt: at,
    },
  };
}

/** Name of the n-th execution of a case's workflow: deterministic, so a repeated start is idempotent. */
export const executionName = (caseId: string, generation: number): string => `${caseId}-${generation}`;
