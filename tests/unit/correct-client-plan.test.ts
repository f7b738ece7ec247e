import { describe, expect, it } from 'vitest';
import { clientCorrectionSchema } from '../../core/casework/correct-client-input.ts';
import { correctedFieldNames } from '../../core/casework/correct-client-fields.ts';
import { planCorrection } from '../../core/casework/correct-client-plan.ts';
import type { ClientRecord } from '../../core/cases/case.ts';
import { personKey } from '../../core/cases/person-key.ts';
import { Refusal } from '../../core/errors.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { assessedCase, FIXTURE_CASE_ID } from '../fixtures/case-fixtures.ts';
import { describeEvent } from '../../web/case-history.ts';
import { publicProfile } from '../../core/profile/public-profile.ts';

const NOW = new Date('2026-11-24T09:00:00Z');
const profile = bundledProfile();
const client: ClientRecord = {
  caseId: FIXTURE_CASE_ID,
  version: 3,
  familyName: 'Haddad',
  givenNames: 'Rana',
  dateOfBirth: '1988-03-02',
  nationality: 'SY',
  languages: ['ar', 'en'],
  interpreterNeeded: true,
  municipalityId: 'kreuzau',
  address: { street: 'Hauptstraße 1', postalCode: '52372', city: 'Kreuzau' },
  phone: '+49 2422 1234',
  residenceStatus: 'protection',
  arrivalDate: '2026-09-15',
  consentToProcessingAt: '2026-11-01T09:00:00Z',
};
// Samuel Mensah's provider (Gemeinde Kreuzau) covers Kreuzau and the welcome counselling only.
const samuel = { providerId: 'kommune-kreuzau', focusAreas: ['welcome'] };
const ayse = { providerId: 'traeger-a', focusAreas: ['welcome', 'labour'] };
const record = assessedCase({ focusArea: 'welcome', caseManagerId: 'samuel-mensah', providerId: 'kommune-kreuzau' });
const correction = (raw: Record<string, unknown>) => clientCorrectionSchema({ profile, today: '2026-11-24' }).parse({ version: 3, ...raw });

describe('planning a correction of client data', () => {
  it('lists the fields that differ from what is stored, in the form order, and only those', () => {
    // Same languages and the same address in another key order are no change.
    const plan = planCorrection(profile, { record, client, manager: samuel, correction: correction({ familyName: 'Haddad-Sayegh', languages: ['ar', 'en'], address: { city: 'Kreuzau', postalCode: '52372', street: 'Hauptstraße 1' }, email: 'rana@example.org' }) }, NOW);
    expect(plan.changed).toEqual(['familyName', 'email']);
    expect(plan.client).toMatchObject({ familyName: 'Haddad-Sayegh', email: 'rana@example.org', givenNames: 'Rana', version: 4 });
    expect(plan.personKey).toBe(personKey('Haddad-Sayegh', '1988-03-02'));
    expect(plan.eligibility).toEqual({ kind: 'unchanged' });
    expect(plan.case).toEqual(record);
  });

  it("keeps what the item carries besides the person's data: a closed case's client keeps its deletion date", () => {
    const closedClient = { ...client, expiresAt: 1_900_000_000 } as ClientRecord;
    const plan = planCorrection(profile, { record: { ...record, stage: 'closed' }, client: closedClient, manager: samuel, correction: correction({ phone: '+49 2422 9999' }) }, NOW);
    expect(plan.client).toHaveProperty('expiresAt', 1_900_000_000);
  });

  it('removes optional fields sent as null, and moves the person key only when the normalised name or the birth date change', () => {
    const plan = planCorrection(profile, { record, client, manager: samuel, correction: correction({ phone: null, givenNames: null, familyName: 'HADDAD' }) }, NOW);
    expect(plan.changed).toEqual(['familyName', 'givenNames', 'phone']);
    expect(plan.client).not.toHaveProperty('phone');
    expect(plan.client).not.toHaveProperty('givenNames');
    expect(plan.personKey).toBeUndefined();
    expect(planCorrection(profile, { record, client, manager: samuel, correction: correction({ dateOfBirth: '1988-03-20' }) }, NOW).personKey).toBe(personKey('Haddad', '1988-03-20'));
  });

  it('refuses an arrival before the birth date, on the data as it becomes', () => {
    try {
      planCorrection(profile, { record, client, manager: samuel, correction: correction({ dateOfBirth: '2026-10-01' }) }, NOW);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(Refusal);
      expect((error as Refusal).errors).toEqual([{ field: 'dateOfBirth', message: 'Die Ankunft in Deutschland darf nicht vor dem Geburtsdatum liegen' }]);
    }
  });

  it('keeps a case whose case manager covers the new municipality, and clears an earlier mark when the move is undone', () => {
    const ayseCase = { ...record, caseManagerId: 'ayse-yilmaz', providerId: 'traeger-a', attention: { step: 'municipality-changed', at: '2026-11-20T09:00:00Z' } };
    const plan = planCorrection(profile, { record: ayseCase, client, manager: ayse, correction: correction({ municipalityId: 'juelich' }) }, NOW);
    expect(plan.eligibility).toEqual({ kind: 'eligible' });
    expect(plan.case).not.toHaveProperty('attention');
    expect(plan.case.municipalityId).toBe('juelich');
    expect(plan.gapReport).toBeUndefined();
  });

  it('marks a case for hand-over when the case manager\'s provider does not cover the new municipality (or the person left)', () => {
    for (const manager of [samuel, undefined]) {
      const plan = planCorrection(profile, { record, client, manager, correction: correction({ municipalityId: 'juelich' }) }, NOW);
      expect(plan.eligibility).toEqual({ kind: 'hand-over' });
      expect(plan.case).toMatchObject({ municipalityId: 'juelich', focusArea: 'welcome', attention: { step: 'municipality-changed', at: NOW.toISOString() } });
    }
    // A case parked for another reason keeps that reason.
    const parked = { ...record, attention: { step: 'States.Timeout', at: '2026-11-20T09:00:00Z' } };
    expect(planCorrection(profile, { record: parked, client, manager: samuel, correction: correction({ municipalityId: 'juelich' }) }, NOW).case.attention).toEqual(parked.attention);
  });

  it('takes triage\'s alternative route with a gap report when the focus area is not offered in the new municipality', () => {
    const psychosocial = { ...record, focusArea: 'psychosocial' as const, requestedFocusArea: 'psychosocial' as const, caseManagerId: 'nour-al-hassan', providerId: 'traeger-c' };
    const plan = planCorrection(profile, { record: psychosocial, client, manager: { providerId: 'traeger-c', focusAreas: ['psychosocial'] }, correction: correction({ municipalityId: 'juelich' }) }, NOW);
    expect(plan.eligibility).toEqual({ kind: 'alternative-route', from: 'psychosocial', to: 'welcome', handOver: true });
    expect(plan.case).toMatchObject({ focusArea: 'welcome', municipalityId: 'juelich', attention: { step: 'municipality-changed' } });
    expect(plan.gapReport).toMatchObject({ reason: 'focus-area-not-offered', municipalityId: 'juelich', focusArea: 'psychosocial', source: 'workflow' });
  });

  it('re-routes neither a closed case nor one not yet triaged (triage reads the new municipality itself)', () => {
    expect(planCorrection(profile, { record: { ...record, stage: 'closed' }, client, manager: samuel, correction: correction({ municipalityId: 'juelich' }) }, NOW).eligibility).toEqual({ kind: 'closed' });
    const { focusArea: _f, caseManagerId: _c, providerId: _p, ...untriaged } = record;
    const plan = planCorrection(profile, { record: { ...untriaged, stage: 'intake' }, client, manager: undefined, correction: correction({ municipalityId: 'juelich' }) }, NOW);
    expect(plan.eligibility).toEqual({ kind: 'eligible' });
    expect(plan.case).not.toHaveProperty('attention');
  });
});

describe('the correction in the case history', () => {
  it('names the corrected fields in German, never a value', () => {
    expect(correctedFieldNames('familyName,municipalityId')).toBe('Familienname, Kommune');
    const event = { kind: 'client-corrected', actor: 'samuel-mensah', at: '2026-11-24T09:00:00.000Z', details: { fields: 'familyName,municipalityId', eligibility: 'alternative-route', focusArea: 'welcome' } };
    expect(describeEvent(event, publicProfile(profile), 'samuel-mensah')).toBe('Daten berichtigt: Familienname, Kommune; Schwerpunkt jetzt Willkommensberatung (in der Kommune nicht angeboten)');
    expect(describeEvent({ kind: 'case-restricted', actor: 'jonas-berger', at: '2026-11-24T09:00:00.000Z', details: { reason: 'legal-claims' } }, publicProfile(profile), 'x')).not.toContain('lit');
  });
});
