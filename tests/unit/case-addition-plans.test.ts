import { describe, expect, it } from 'vitest';
import { planConsent, planReferral } from '../../core/casework/case-addition-plans.ts';
import { consentAdditionSchema, referralAdditionSchema } from '../../core/casework/case-additions-input.ts';
import type { CaseRecord } from '../../core/cases/case.ts';
import { nextReferralIndex, type ConsentRecord, type ReferralRecord } from '../../core/cases/referral.ts';
import { Refusal } from '../../core/errors.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { assessedCase, FIXTURE_CASE_ID } from '../fixtures/case-fixtures.ts';

const NOW = new Date('2026-11-24T09:00:00Z');
const CASE_ID = FIXTURE_CASE_ID;
const profile = bundledProfile();
const record: CaseRecord = assessedCase({ version: 9, needCategories: ['language', 'childcare-school'] });
const referral = (number: number, changes: Partial<ReferralRecord>): ReferralRecord => ({
  referralId: `${CASE_ID}-V${String(number).padStart(2, '0')}`,
  caseId: CASE_ID,
  version: 2,
  createdAt: '2026-11-20T09:00:00Z',
  updatedAt: '2026-11-20T09:00:00Z',
  needCategory: 'language',
  serviceId: 'integrationskurs',
  status: 'sent',
  ...changes,
});
const consentInput = (raw: unknown) => consentAdditionSchema(profile, '2026-11-24').parse(raw);
const referralInput = (raw: unknown) => referralAdditionSchema(profile).parse(raw);
const refusal = (run: () => unknown): Pick<Refusal, 'kind' | 'message' | 'errors'> => {
  try {
    run();
  } catch (error) {
    if (error instanceof Refusal) return { kind: error.kind, message: error.message, errors: error.errors };
    throw error;
  }
  throw new Error('not refused');
};

describe('nextReferralIndex', () => {
  it('follows the highest id taken, also across gaps, and starts at the first id', () => {
    expect(nextReferralIndex([])).toBe(0);
    expect(nextReferralIndex([referral(1, {}), referral(2, {})])).toBe(2);
    expect(nextReferralIndex([referral(5, {}), referral(1, {})])).toBe(5);
  });
});

describe('planConsent', () => {
  it('releases the referrals held for lack of this consent, and only those', () => {
    const held = referral(1, { status: 'held-no-consent' });
    const others = [referral(2, { status: 'held-no-consent', serviceId: 'schulamt', needCategory: 'childcare-school' }), referral(3, { status: 'declined' })];
    const plan = planConsent(record, consentInput({ serviceId: 'integrationskurs', form: 'oral', givenAt: '2026-11-23' }), { consents: [], referrals: [held, ...others] }, 'anna');
    expect(plan.drives).toBe(true);
    expect(plan.answer.releasedReferralIds).toEqual([held.referralId]);
    expect(plan.addition.releases).toEqual([
      { expected: held, changes: { status: 'planned' }, event: { kind: 'referral-released', actor: 'anna', details: { referralId: held.referralId, serviceId: 'integrationskurs' } } },
    ]);
    expect(plan.addition.consent).toMatchObject({ caseId: CASE_ID, recipientServiceId: 'integrationskurs', purpose: 'referral', form: 'oral', givenAt: '2026-11-23', recordedBy: 'anna', version: 1 });
    expect(plan.addition.event).toEqual({ kind: 'consent-recorded', actor: 'anna', details: { serviceId: 'integrationskurs', form: 'oral', released: 1 } });
  });

  it('without a held referral the consent is only stored; a second valid consent for the same service is refused', () => {
    expect(planConsent(record, consentInput({ serviceId: 'schulamt', form: 'written', givenAt: '2026-11-24' }), { consents: [], referrals: [] }, 'anna').drives).toBe(false);
    const given: ConsentRecord = { consentId: 'c1', caseId: CASE_ID, version: 1, recipientServiceId: 'schulamt', purpose: 'referral', form: 'written', givenAt: '2026-11-01', recordedBy: 'anna' };
    const input = consentInput({ serviceId: 'schulamt', form: 'written', givenAt: '2026-11-24' });
    expect(refusal(() => planConsent(record, input, { consents: [given], referrals: [] }, 'anna'))).toMatchObject({ kind: 'conflict' });
    // A revoked one does not count: the client may consent again.
    expect(planConsent(record, input, { consents: [{ ...given, revokedAt: '2026-11-10T09:00:00Z' }], referrals: [] }, 'anna').addition.consent?.recipientServiceId).toBe('schulamt');
  });
});

describe('planReferral', () => {
  it('adds a new need with its referral under the next id', () => {
    const plan = planReferral(record, referralInput({ category: 'health', serviceId: 'gesundheitsamt' }), [referral(1, {})], profile, 'anna', NOW);
    expect(plan.addition.referral).toEqual({
      referralId: `${CASE_ID}-V02`,
      caseId: CASE_ID,
      version: 1,
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      needCategory: 'health',
      serviceId: 'gesundheitsamt',
      status: 'planned',
    });
    expect(plan.changes).toEqual({ needCategories: ['language', 'childcare-school', 'health'] });
    expect(plan.addition.event).toEqual({ kind: 'referral-added', actor: 'anna', details: { referralId: `${CASE_ID}-V02`, needCategory: 'health', serviceId: 'gesundheitsamt' } });
    // No service: the workflow reports the gap, as for the assessment's needs.
    expect(planReferral(record, referralInput({ category: 'housing' }), [], profile, 'anna', NOW).addition.referral?.serviceId).toBeUndefined();
  });

  it('refuses a need whose referral is still open (planned, held, sent, accepted), not one that ended', () => {
    for (const status of ['planned', 'held-no-consent', 'sent', 'accepted'] as const) {
      expect(refusal(() => planReferral(record, referralInput({ category: 'language', serviceId: 'migrationsberatung' }), [referral(1, { status })], profile, 'anna', NOW)).kind, status).toBe('conflict');
    }
    for (const status of ['gap', 'completed', 'no-show', 'stopped', 'declined'] as const) {
      expect(planReferral(record, referralInput({ category: 'language', serviceId: 'migrationsberatung' }), [referral(1, { status })], profile, 'anna', NOW).changes, status).toEqual({});
    }
  });

  it('refers a declined referral\'s need to another service, once', () => {
    const declined = referral(1, { status: 'declined' });
    const plan = planReferral(record, referralInput({ category: 'language', serviceId: 'migrationsberatung', replaces: declined.referralId }), [declined], profile, 'anna', NOW);
    expect(plan.addition.referral).toMatchObject({ referralId: `${CASE_ID}-V02`, replacesReferralId: declined.referralId, serviceId: 'migrationsberatung' });
    expect(plan.addition.event.kind).toBe('referral-replaced');
    const successor = { ...referral(2, { status: 'declined', serviceId: 'migrationsberatung' }), replacesReferralId: declined.referralId };
    const again = referralInput({ category: 'language', serviceId: 'jugendmigrationsdienst', replaces: declined.referralId });
    expect(refusal(() => planReferral(record, again, [declined, successor], profile, 'anna', NOW))).toMatchObject({ kind: 'conflict', message: 'Diese abgelehnte Vermittlung ging bereits an eine andere Stelle.' });
    const otherNeed = referralInput({ category: 'health', serviceId: 'gesundheitsamt', replaces: declined.referralId });
    expect(refusal(() => planReferral(record, otherNeed, [declined], profile, 'anna', NOW)).errors).toEqual([{ field: 'category', message: 'muss der Bedarf der abgelehnten Vermittlung sein' }]);
    const notDeclined = referralInput({ category: 'language', serviceId: 'migrationsberatung', replaces: declined.referralId });
    expect(refusal(() => planReferral(record, notDeclined, [{ ...declined, status: 'sent' }], profile, 'anna', NOW)).kind).toBe('conflict');
  });

  it('refuses a service that does not cover the case\'s municipality, at the field', () => {
    const narrow = { ...profile, services: profile.services.map((s) => (s.id === 'gesundheitsamt' ? { ...s, municipalities: ['dueren'] } : s)) };
    expect(refusal(() => planReferral(record, referralInput({ category: 'health', serviceId: 'gesundheitsamt' }), [], narrow, 'anna', NOW)).errors).toEqual([
      { field: 'serviceId', message: 'diese Stelle ist für die Kommune des Falls nicht zuständig' },
    ]);
  });

  it('stops at 99 referrals (the id has two digits)', () => {
    expect(refusal(() => planReferral(record, referralInput({ category: 'health' }), [referral(99, { status: 'completed' })], profile, 'anna', NOW)).kind).toBe('conflict');
  });
});
