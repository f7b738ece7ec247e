/**
 * How an addition after the assessment drives the workflow, with an in-memory case store: the old execution is
 * stopped before the new generation starts, a parked case is left for "Fortsetzen", a lost race is planned again on a
 * fresh read and refused after three. The workflow tests run the whole on the real ASL.
 */
import { describe, expect, it } from 'vitest';
import { recordConsent } from '../../core/casework/case-additions.ts';
import type { CaseRecord } from '../../core/cases/case.ts';
import { VersionConflict, type CaseAddition, type CaseRepository, type CaseWorkflow, type ReferralRepository } from '../../core/cases/ports.ts';
import type { ReferralRecord } from '../../core/cases/referral.ts';
import { ManualClock } from '../../core/clock.ts';
import { Refusal } from '../../core/errors.ts';
import type { Caller } from '../../core/identity/caller.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { assessedCase, FIXTURE_CASE_ID } from '../fixtures/case-fixtures.ts';

const CASE_ID = FIXTURE_CASE_ID;
const manager: Caller = { userId: 'anna', email: 'anna@example.org', roles: ['casemanager'] };
const consent = { serviceId: 'integrationskurs', form: 'written', givenAt: '2026-11-24' };

function world(changes: Partial<CaseRecord> = {}, conflicts = 0) {
  let record: CaseRecord = assessedCase({ closureTaskToken: 'closure-token', ...changes });
  const held: ReferralRecord = {
    referralId: `${CASE_ID}-V01`,
    caseId: CASE_ID,
    version: 3,
    createdAt: record.createdAt,
    updatedAt: record.createdAt,
    needCategory: 'language',
    serviceId: 'integrationskurs',
    status: 'held-no-consent',
  };
  const calls: string[] = [];
  let lost = conflicts;
  const cases = {
    getCase: () => Promise.resolve(record),
    listConsents: () => Promise.resolve([]),
    recordAddition: (expected: CaseRecord, next: Partial<CaseRecord>, addition: CaseAddition) => {
      calls.push(`save ${addition.event.kind} v${String(expected.version)} closure:${String(expected.closureTaskToken !== undefined)}`);
      if (lost > 0) {
        lost -= 1;
        record = { ...record, version: record.version + 1 }; // a workflow step moved the case meanwhile
        return Promise.reject(new VersionConflict('changed'));
      }
      record = { ...expected, ...next, version: expected.version + 1 };
      return Promise.resolve(record);
    },
  } as unknown as CaseRepository;
  const referrals = { listReferrals: () => Promise.resolve([held]) } as unknown as ReferralRepository;
  const workflow: CaseWorkflow = {
    start: (_caseId, generation) => {
      calls.push(`start ${String(generation)}`);
      return Promise.resolve();
    },
    stop: (_caseId, generation) => {
      calls.push(`stop ${String(generation)}`);
      return Promise.resolve();
    },
    execution: () => Promise.resolve(undefined),
    running: () => Promise.resolve(new Map()),
  };
  const deps = { profile: bundledProfile(), clock: new ManualClock('2026-11-24T09:00:00Z'), cases, referrals, workflow };
  return { deps, calls, current: () => record };
}

describe('recordConsent', () => {
  it('saves, then stops the old execution before the new generation starts', async () => {
    const { deps, calls, current } = world();
    const answer = await recordConsent(deps, manager, CASE_ID, consent);
    expect(answer).toMatchObject({ releasedReferralIds: [`${CASE_ID}-V01`], generation: 2, restarted: true });
    expect(calls).toEqual(['save consent-recorded v7 closure:false', 'stop 1', 'start 2']);
    expect(current()).toMatchObject({ stage: 'referring', generation: 2, version: 8 });
    expect(current().closureTaskToken).toBeUndefined();
  });

  it('leaves a parked case for "Fortsetzen": saved at referring, nothing stopped or started', async () => {
    const { deps, calls, current } = world({ attention: { step: 'KimTransientError', at: '2026-11-23T09:00:00Z' } });
    expect(await recordConsent(deps, manager, CASE_ID, consent)).toMatchObject({ generation: 1, restarted: false });
    expect(calls).toEqual(['save consent-recorded v7 closure:false']);
    expect(current()).toMatchObject({ stage: 'referring', generation: 1 });
  });

  it('plans again on a fresh read after a lost race, and refuses in German after three', async () => {
    const twice = world({}, 2);
    expect(await recordConsent(twice.deps, manager, CASE_ID, consent)).toMatchObject({ generation: 2 });
    expect(twice.calls).toEqual(['save consent-recorded v7 closure:false', 'save consent-recorded v8 closure:false', 'save consent-recorded v9 closure:false', 'stop 1', 'start 2']);
    const always = world({}, 3);
    await expect(recordConsent(always.deps, manager, CASE_ID, consent)).rejects.toMatchObject({ kind: 'conflict', message: 'Der Fall wurde zwischenzeitlich geändert. Bitte laden Sie ihn neu.' });
    expect(always.calls.filter((c) => c.startsWith('st'))).toEqual([]);
  });

  it('lets only the case\'s own case manager record it', async () => {
    const { deps, calls } = world();
    const coordinator: Caller = { userId: 'sabine', email: 'sabine@example.org', roles: ['coordinator'] };
    await expect(recordConsent(deps, coordinator, CASE_ID, consent)).rejects.toBeInstanceOf(Refusal);
    await expect(recordConsent(deps, { ...manager, userId: 'someone-else' }, CASE_ID, consent)).rejects.toMatchObject({ kind: 'not-allowed' });
    expect(calls).toEqual([]);
  });
});
