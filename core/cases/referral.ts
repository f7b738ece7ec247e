/**
 * Referrals (one per need the assessment found) and the consents they depend on. A referral leaves the house
 * only with a consent for exactly that recipient and purpose, and only with the fields that purpose needs.
 */
import type { ClientDataField } from '../profile/schema.ts';
import type { ClientRecord } from './case.ts';

export const REFERRAL_STATUSES = ['planned', 'held-no-consent', 'gap', 'sent', 'accepted', 'declined', 'completed', 'no-show', 'stopped'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
export const REFERRAL_OUTCOMES = ['accepted', 'declined', 'completed', 'no-show'] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];
/** Statuses in which the workflow still has something to do for the referral. */
export const OPEN_REFERRAL_STATUSES: readonly ReferralStatus[] = ['planned', 'sent'];
/** A need is still being worked on while its referral is in one of these: a second referral for it is refused. */
export const NEED_BUSY_STATUSES: readonly ReferralStatus[] = ['planned', 'held-no-consent', 'sent', 'accepted'];

// From which status which outcome may follow: an accepted referral can still end completed or as a no-show.
const OUTCOMES_AFTER: Partial<Readonly<Record<ReferralStatus, readonly ReferralOutcome[]>>> = {
  sent: ['accepted', 'declined', 'completed', 'no-show'],
  accepted: ['completed', 'no-show'],
};

/**
 * The outcomes that may still be recorded for a referral in `status`: the API's rule (record-outcome.ts), and
 * what the case page offers, so the form never offers an outcome the API refuses.
 */
export const outcomesAfter = (status: ReferralStatus): readonly ReferralOutcome[] => OUTCOMES_AFTER[status] ?? [];

/** What a service (by its link) or the case manager may answer: an outcome, or the first appointment of an accepted referral. */
export const REFERRAL_ANSWERS = [...REFERRAL_OUTCOMES, 'appointment'] as const;
export type ReferralAnswerKind = (typeof REFERRAL_ANSWERS)[number];

/** The answers possible in `status`: its outcomes, and a first appointment while the referral is sent or accepted. */
export const answersAfter = (status: ReferralStatus): readonly ReferralAnswerKind[] =>
  status === 'sent' || status === 'accepted' ? [...outcomesAfter(status), 'appointment'] : outcomesAfter(status);

export interface ReferralRecord {
  readonly referralId: string;
  readonly caseId: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly needCategory: string;
  /** The office or service the case manager chose; none means the catalogue has no service for the need. */
  readonly serviceId?: string;
  /** The declined referral of the same need this one follows: another service asked after the decline. */
  readonly replacesReferralId?: string;
  readonly status: ReferralStatus;
  readonly sentAt?: string;
  /**
   * Set (status still `planned`) just before the mail goes out, cleared again only when the mailer refused it. A
   * claim without `sent` means an earlier attempt may have sent the mail (referral-send.ts).
   */
  readonly sendClaimedAt?: string;
  /** When the service was told to stop using the data it received, after the consent was revoked. */
  readonly serviceToldAt?: string;
  readonly reminderSentAt?: string;
  readonly escalatedAt?: string;
  readonly taskToken?: string;
  /** Why it was declined, coded (a reason of the profile's `referralDeclineReasons`). */
  readonly outcomeReasonCode?: string;
  /** Free text only beside the code (required for a code like "sonstiges"). */
  readonly outcomeReason?: string;
  readonly outcomeAt?: string;
  /** The first appointment the service gave (YYYY-MM-DD), with its acceptance or reported later. */
  readonly firstAppointment?: string;
  /** The person's data was erased (core/privacy/erase-plan.ts): the referral keeps what the statistics count, nothing else. */
  readonly erasedAt?: string;
  /** When the service that received its data was told of the erasure (Art. 19 DSGVO). */
  readonly erasureToldAt?: string;
}

export const CONSENT_FORMS = ['written', 'oral', 'electronic'] as const;
export const CONSENT_PURPOSES = ['referral'] as const;

export interface ConsentRecord {
  readonly consentId: string;
  readonly caseId: string;
  readonly version: number;
  /** The receiving office or service (a service id of the catalogue). */
  readonly recipientServiceId: string;
  readonly purpose: (typeof CONSENT_PURPOSES)[number];
  readonly form: (typeof CONSENT_FORMS)[number];
  readonly givenAt: string;
  readonly recordedBy: string;
  readonly revokedAt?: string;
  /** The referrals the revocation stopped, saved with it, so a repeated revocation answers the same. */
  readonly stoppedReferralIds?: readonly string[];
}

/**
 * A referral stopped by a revocation after its data went out (or may have), whose service has not yet been told to
 * stop using that data: the workflow still has that mail to send.
 */
export const serviceToBeTold = (referral: ReferralRecord): referral is ReferralRecord & { readonly sentAt: string } =>
  referral.status === 'stopped' && referral.sentAt !== undefined && referral.serviceToldAt === undefined;

export const referralIdOf = (caseId: string, index: number): string => `${caseId}-V${String(index + 1).padStart(2, '0')}`;

/** The index (for referralIdOf) after the highest one taken: ids count up per case and are never reused. */
export function nextReferralIndex(referrals: readonly Pick<ReferralRecord, 'referralId'>[]): number {
  return Math.max(0, ...referrals.map((r) => Number(/-V(\d+)$/.exec(r.referralId)?.[1] ?? 0)));
}

export function validConsent(consents: readonly ConsentRecord[], serviceId: string): ConsentRecord | undefined {
  // Every consent has purpose 'referral' so far; a second purpose must be matched here when it is added.
  return consents.find((c) => c.recipientServiceId === serviceId && c.revokedAt === undefined);
}

/** Data minimisation: the client's fields a purpose allows, as plain values (labels are the mail's business). */
export function allowedClientFields(
  client: ClientRecord,
  fields: readonly ClientDataField[],
  names: { municipality: (id: string) => string; needsSummary: string },
): { field: ClientDataField; value: string }[] {
  const value = (field: ClientDataField): string | undefined => {
    switch (field) {
      case 'name':
        return [client.givenNames, client.familyName].filter((part) => part !== undefined).join(' ');
      case 'dateOfBirth':
        return client.dateOfBirth;
      case 'nationality':
        return client.nationality;
      case 'languages':
        return client.languages.join(', ');
      case 'interpreterNeeded':
        return client.interpreterNeeded ? 'ja' : 'nein';
      case 'municipality':
        return names.municipality(client.municipalityId);
      case 'address':
        return client.address === undefined ? undefined : `${client.address.street}, ${client.address.postalCode} ${client.address.city}`;
      case 'phone':
        return client.phone;
      case 'email':
        return client.email;
      case 'residenceStatus':
        return client.residenceStatus;
      case 'arrivalDate':
        return client.arrivalDate;
      case 'needsSummary':
        return names.needsSummary;
    }
  };
  return fields.flatMap((field) => {
    const v = value(field);
    return v === undefined || v === '' ? [] : [{ field, value: v }];
  });
}
