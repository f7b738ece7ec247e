/**
 * What an erasure (Art. 17 DSGVO) keeps of a case and what it takes away — pure, so each rule is tested on its own.
 *
 * Kept, because the anonymous statistics (the KPI report, core/adapters/dynamo-report-reader.ts) read it and it says
 * nothing about the person once the client item is gone: of the case its number, dates, stage, municipality, focus
 * area, provider and case manager; of each referral its number, need category, service, status, dates and coded
 * decline reason. Kept as the proof of the erasure (Art. 5(2)): when, by whom, on what basis. Everything else goes:
 * the client, the person marker, the consents, the intake's idempotency item, the case record (contacts, notes,
 * goals and whatever else the case's partition holds) and the free text of referrals and history events.
 */
import type { CaseRecord } from '../cases/case.ts';
import type { CaseEvent } from '../cases/ports.ts';
import type { ReferralRecord } from '../cases/referral.ts';
import type { ErasureBasis } from './erase-basis.ts';

export interface Erasure {
  readonly by: string;
  readonly basis: ErasureBasis;
  readonly at: Date;
  /** The tombstone's own TTL when the case had none yet (open): it is kept as long as a closed case. */
  readonly expiresAt: number;
}

/**
 * The case as its tombstone: closed (every write to a case is conditional on its version or on it being open, so
 * nothing lands after this), one generation on — the execution that erases the rest — and the erasure's facts.
 * `crisis` and `needCategories` are not kept (false, none): no figure reads them from the case.
 */
export function tombstoneOf(record: CaseRecord, erasure: Erasure): CaseRecord {
  const at = erasure.at.toISOString();
  return {
    caseId: record.caseId,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: at,
    stage: 'closed',
    municipalityId: record.municipalityId,
    requestedFocusArea: record.requestedFocusArea,
    ...(record.focusArea === undefined ? {} : { focusArea: record.focusArea }),
    crisis: false,
    needCategories: [],
    intakeBy: record.intakeBy,
    ...(record.providerId === undefined ? {} : { providerId: record.providerId }),
    ...(record.caseManagerId === undefined ? {} : { caseManagerId: record.caseManagerId }),
    ...(record.assessmentRequestedAt === undefined ? {} : { assessmentRequestedAt: record.assessmentRequestedAt }),
    generation: record.generation + 1,
    closedAt: record.closedAt ?? at,
    ...(record.closureReason === undefined ? {} : { closureReason: record.closureReason }),
    expiresAt: record.expiresAt ?? erasure.expiresAt,
    erasedAt: at,
    erasedBy: erasure.by,
    erasureBasis: erasure.basis,
  };
}

/** Whether the case still counted in its case manager's caseload: an open case leaves it with the erasure. */
export const countsInCaseload = (record: CaseRecord): boolean => record.stage !== 'closed' && record.caseManagerId !== undefined;

/**
 * A referral without its personal content: the free text beside a decline code, the first appointment (a date of the
 * person's), the task token. Its status stays as it is — the statistics count it — and nothing more is sent or
 * recorded for it: its consent is gone, the case is closed, and an answer to an erased referral is refused.
 */
export function erasedReferral(referral: ReferralRecord, at: Date): ReferralRecord {
  const { outcomeReason: _text, firstAppointment: _appointment, taskToken: _token, ...kept } = referral;
  return { ...kept, erasedAt: at.toISOString() };
}

/**
 * The services that received the person's data (Art. 19): every referral that was sent, or whose send was claimed
 * and may have gone out (referral-steps.ts, at most once), and whose service has not yet been told of the erasure.
 */
export const owesErasureNotice = (referral: ReferralRecord): boolean =>
  referral.erasedAt !== undefined && (referral.sentAt !== undefined || referral.sendClaimedAt !== undefined) && referral.erasureToldAt === undefined;

/**
 * History events carry codes and ids, except the free text a person typed as the reason of a hand-over or a
 * reopening: that goes. The events themselves stay with the tombstone: what was done when and by whom (staff ids) is
 * the proof of lawful processing, and without the client item no line of it points to a person.
 */
const FREE_TEXT_DETAILS: Readonly<Record<string, readonly string[]>> = {
  'handed-over': ['reason'],
  reopened: ['reason'],
};

/** The event's details without their free text, or undefined when it has none to lose. */
export function detailsWithoutFreeText(event: CaseEvent): CaseEvent['details'] | undefined {
  const keys = (FREE_TEXT_DETAILS[event.kind] ?? []).filter((key) => event.details?.[key] !== undefined);
  if (keys.length === 0 || event.details === undefined) return undefined;
  return Object.fromEntries(Object.entries(event.details).filter(([key]) => !keys.includes(key)));
}
