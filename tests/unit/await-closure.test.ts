/**
 * AwaitClosure puts a case into monitoring only when no referral is on its way: an execution replaced by a newer
 * generation (a consent or referral added after the assessment) may reach it just before it is stopped.
 */
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../core/cases/case.ts';
import { VersionConflict, type CaseRepository, type ReferralRepository } from '../../core/cases/ports.ts';
import type { ReferralRecord } from '../../core/cases/referral.ts';
import type { TaskCallbacks } from '../../core/cases/task-callbacks.ts';
import { ManualClock } from '../../core/clock.ts';
import { awaitClosure } from '../../core/workflow/referral-steps.ts';
import { assessedCase, FIXTURE_CASE_ID } from '../fixtures/case-fixtures.ts';

const CASE_ID = FIXTURE_CASE_ID;

function world(status: ReferralRecord['status']) {
  const record: CaseRecord = assessedCase({ stage: 'referring', generation: 2 });
  const referral: ReferralRecord = { referralId: `${CASE_ID}-V01`, caseId: CASE_ID, version: 1, createdAt: record.createdAt, updatedAt: record.createdAt, needCategory: 'language', status };
  const updates: Partial<CaseRecord>[] = [];
  const cases = {
    getCase: () => Promise.resolve(record),
    updateCase: (expected: CaseRecord, changes: Partial<CaseRecord>) => {
      updates.push(changes);
      return Promise.resolve({ ...expected, ...changes });
    },
  } as unknown as CaseRepository;
  const referrals = { listReferrals: () => Promise.resolve([referral]) } as unknown as ReferralRepository;
  const callbacks: TaskCallbacks = { succeed: () => Promise.resolve('delivered') };
  return { deps: { cases, referrals, callbacks, clock: new ManualClock('2026-11-24T09:00:00Z') }, updates };
}

describe('awaitClosure', () => {
  it('refuses (to be retried) while a referral is planned or sent, and enters monitoring once all are settled', async () => {
    for (const status of ['planned', 'sent'] as const) {
      const { deps, updates } = world(status);
      await expect(awaitClosure(deps, CASE_ID, 'token')).rejects.toBeInstanceOf(VersionConflict);
      expect(updates, status).toEqual([]);
    }
    for (const status of ['accepted', 'declined', 'held-no-consent', 'gap'] as const) {
      const { deps, updates } = world(status);
      await awaitClosure(deps, CASE_ID, 'token');
      expect(updates, status).toEqual([{ stage: 'monitoring', closureTaskToken: 'token' }]);
    }
  });
});
