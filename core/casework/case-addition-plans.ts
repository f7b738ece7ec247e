/**
 * What adding a consent or a referral after the assessment changes, decided on one read of the case and its
 * referrals: pure, so the rules are tested without a table. case-additions.ts saves a plan in one transaction
 * conditional on the case's version (and every released referral's), so a plan made on a stale read is re-made.
 */
import { randomUUID } from 'node:crypto';
import type { CaseRecord } from '../cases/case.ts';
import type { CaseAddition, CaseChanges } from '../cases/ports.ts';
import { NEED_BUSY_STATUSES, nextReferralIndex, referralIdOf, validConsent, type ConsentRecord, type ReferralRecord } from '../cases/referral.ts';
import { conflict, validationFailed } from '../errors.ts';
import { scopeIncludes, type DistrictProfile } from '../profile/schema.ts';
import type { ConsentAddition, ReferralAddition } from './case-additions-input.ts';

export interface AdditionPlan<T> {
  readonly addition: CaseAddition;
  /** What the case itself gains (a new need). */
  readonly changes: CaseChanges;
  /** True when the workflow has a referral to send: released or added. */
  readonly drives: boolean;
  readonly answer: T;
}

/** Referral ids count up per case (<case>-V01, -V02, …); 99 fit the id's two digits. */
export const MAX_REFERRALS = 99;

export function planConsent(
  record: CaseRecord,
  input: ConsentAddition,
  existing: { readonly consents: readonly ConsentRecord[]; readonly referrals: readonly ReferralRecord[] },
  actor: string,
): AdditionPlan<{ consentId: string; releasedReferralIds: string[] }> {
  if (validConsent(existing.consents, input.serviceId) !== undefined) {
    throw conflict('Für diese Stelle liegt bereits eine gültige Einwilligung vor.');
  }
  const consent: ConsentRecord = {
    consentId: randomUUID(),
    caseId: record.caseId,
    version: 1,
    recipientServiceId: input.serviceId,
    purpose: input.purpose,
    form: input.form,
    givenAt: input.givenAt,
    recordedBy: actor,
  };
  const held = existing.referrals.filter((r) => r.status === 'held-no-consent' && r.serviceId === input.serviceId);
  const releases = held.map((referral) => ({
    expected: referral,
    changes: { status: 'planned' as const },
    event: { kind: 'referral-released', actor, details: { referralId: referral.referralId, serviceId: input.serviceId } },
  }));
  return {
    addition: { consent, releases, event: { kind: 'consent-recorded', actor, details: { serviceId: input.serviceId, form: input.form, released: held.length } } },
    changes: {},
    drives: held.length > 0,
    answer: { consentId: consent.consentId, releasedReferralIds: held.map((r) => r.referralId) },
  };
}

/** The declined referral `replaces` names, checked against the new one; undefined without `replaces`. */
function replacedReferral(input: ReferralAddition, referrals: readonly ReferralRecord[]): ReferralRecord | undefined {
  if (input.replaces === undefined) return undefined;
  const replaced = referrals.find((r) => r.referralId === input.replaces);
  if (replaced === undefined) throw validationFailed([{ field: 'replaces', message: 'ist keine Vermittlung dieses Falls' }]);
  if (replaced.status !== 'declined') throw conflict('Nur eine abgelehnte Vermittlung kann an eine andere Stelle gehen; diese ist nicht abgelehnt.');
  if (referrals.some((r) => r.replacesReferralId === replaced.referralId)) throw conflict('Diese abgelehnte Vermittlung ging bereits an eine andere Stelle.');
  if (replaced.needCategory !== input.category) throw validationFailed([{ field: 'category', message: 'muss der Bedarf der abgelehnten Vermittlung sein' }]);
  if (input.serviceId !== undefined && input.serviceId === replaced.serviceId) {
    throw validationFailed([{ field: 'serviceId', message: 'diese Stelle hat abgelehnt; bitte eine andere wählen' }]);
  }
  return replaced;
}

export function planReferral(
  record: CaseRecord,
  input: ReferralAddition,
  referrals: readonly ReferralRecord[],
  profile: Pick<DistrictProfile, 'services' | 'needCategories'>,
  actor: string,
  now: Date,
): AdditionPlan<{ referralId: string }> {
  const service = profile.services.find((s) => s.id === input.serviceId);
  if (service !== undefined && !scopeIncludes(service.municipalities, record.municipalityId)) {
    throw validationFailed([{ field: 'serviceId', message: 'diese Stelle ist für die Kommune des Falls nicht zuständig' }]);
  }
  const replaced = replacedReferral(input, referrals);
  const busy = referrals.find((r) => r.needCategory === input.category && NEED_BUSY_STATUSES.includes(r.status));
  if (busy !== undefined) {
    const need = profile.needCategories.find((c) => c.id === input.category)?.name ?? input.category;
    throw conflict(`Für den Bedarf „${need}“ läuft bereits eine Vermittlung (${busy.referralId}).`);
  }
  const index = nextReferralIndex(referrals);
  if (index >= MAX_REFERRALS) throw conflict(`Ein Fall kann höchstens ${String(MAX_REFERRALS)} Vermittlungen haben.`);
  const at = now.toISOString();
  const referral: ReferralRecord = {
    referralId: referralIdOf(record.caseId, index),
    caseId: record.caseId,
    version: 1,
    createdAt: at,
    updatedAt: at,
    needCategory: input.category,
    ...(input.serviceId === undefined ? {} : { serviceId: input.serviceId }),
    ...(replaced === undefined ? {} : { replacesReferralId: replaced.referralId }),
    status: 'planned',
  };
  const details = {
    referralId: referral.referralId,
    needCategory: input.category,
    ...(input.serviceId === undefined ? {} : { serviceId: input.serviceId }),
    ...(replaced === undefined ? {} : { replaces: replaced.referralId }),
  };
  return {
    addition: { referral, releases: [], event: { kind: replaced === undefined ? 'referral-added' : 'referral-replaced', actor, details } },
    changes: record.needCategories.includes(input.category) ? {} : { needCategories: [...record.needCategories, input.category] },
    drives: true,
    answer: { referralId: referral.referralId },
  };
}
