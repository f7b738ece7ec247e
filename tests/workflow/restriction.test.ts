/**
 * Restriction of processing (Art. 18 DSGVO) on the real intake-to-referral ASL in the local engine, through the API:
 * the data protection officer blocks a case waiting for its assessment — its execution stops, the case manager and the
 * coordination are refused (reading, assessing), the search finds nothing, the daily sweeper leaves it stopped — and
 * lifts the block, after which the case waits for its assessment again in a new generation and can be assessed. A
 * service's answer by its link is refused while the case is blocked and recorded after. Many calls at once: one
 * event, one stop; one new execution.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESTRICTED_MESSAGE } from '../../core/casework/casework-dependencies.ts';
import { referralLinkExpiry, signReferralLink } from '../../core/casework/referral-link.ts';
import { sweepCases } from '../../core/workflow/sweep-cases.ts';
import { assessWithOneReferral } from '../fixtures/case-steps.ts';
import { eventually } from '../fixtures/eventually.ts';
import { INTAKE_MACHINE_ARN, intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';

const DPO = 'jonas-berger';

describe('restricting the processing of a case', () => {
  const h = new WorkflowHarness();
  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  const restriction = (caseId: string, body: unknown, as = DPO) => h.api('POST', `/api/cases/${caseId}/restriction`, as, body);
  const restrict = (caseId: string, as = DPO) => restriction(caseId, { action: 'restrict', reason: 'accuracy-contested' }, as);
  const executionsOf = (caseId: string) => h.engine.listExecutions(INTAKE_MACHINE_ARN, undefined).filter((e) => e.name.startsWith(`${caseId}-`));
  const statusOf = (caseId: string, generation: number) => executionsOf(caseId).find((e) => e.name === `${caseId}-${String(generation)}`)?.status;
  const eventsOf = async (caseId: string, kind: string) => (await h.deps.cases.listEvents(caseId)).filter((e) => e.kind === kind);

  async function caseAwaitingAssessment(): Promise<{ caseId: string; manager: string; generation: number; token: string }> {
    const submitted = await h.api('POST', '/api/intakes', 'intake', intakeFor());
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const caseId = String(submitted.body.caseId);
    const record = await h.waitForStage(caseId, 'awaiting-assessment', 'assessment');
    return { caseId, manager: record.caseManagerId ?? '', generation: record.generation, token: record.assessmentTaskToken ?? '' };
  }

  it('blocks a case waiting for its assessment for everyone but the officer, and lifting lets it go on', async () => {
    const { caseId, manager, generation, token } = await caseAwaitingAssessment();
    // The data protection officer only; a ground is required.
    for (const as of [manager, 'coordinator', 'intake']) expect((await restrict(caseId, as)).status, as).toBe(403);
    const missing = await restriction(caseId, { action: 'restrict' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ field: 'reason', message: 'bitte einen Grund nach Art. 18 Abs. 1 DSGVO wählen' }]);

    const restricted = await restrict(caseId);
    expect(restricted.status, JSON.stringify(restricted.body)).toBe(200);
    expect(restricted.body).toMatchObject({ caseId, stage: 'awaiting-assessment', restrictedBy: DPO, reason: 'accuracy-contested', changed: true });
    await eventually(() => (statusOf(caseId, generation) === 'ABORTED' ? true : undefined));

    // Nobody else reads or answers it: the detail, the record, the assessment (the waiting task), a hand-over.
    for (const as of [manager, 'coordinator']) {
      const read = await h.api('GET', `/api/cases/${caseId}`, as);
      expect(read.status, as).toBe(403);
      expect(read.body.message).toBe(RESTRICTED_MESSAGE);
      expect((await h.api('GET', `/api/cases/${caseId}/record`, as)).status).toBe(403);
    }
    const assessed = await h.api('POST', `/api/cases/${caseId}/assessment`, manager, { needs: [{ category: 'language', serviceId: 'integrationskurs' }], consents: [] });
    expect([assessed.status, assessed.body.message]).toEqual([403, RESTRICTED_MESSAGE]);
    expect((await h.api('POST', `/api/cases/${caseId}/handover`, 'coordinator', { from: manager, target: 'auto', reason: 'Test' })).status).toBe(403);
    const found = await h.api('POST', '/api/case-search', 'coordinator', { caseNumber: caseId });
    expect(JSON.stringify(found.body)).not.toContain(caseId);
    // The list keeps it, marked, without anything personal (the case item has nothing personal).
    const listed = (await h.api('GET', '/api/cases', 'coordinator')).body.cases as { caseId: string; restrictedAt?: string }[];
    expect(listed.find((c) => c.caseId === caseId)?.restrictedAt).toBe(restricted.body.restrictedAt);
    // No step processes it: the daily sweeper leaves the stopped case stopped.
    await sweepCases(h.deps);
    expect(executionsOf(caseId)).toHaveLength(1);
    // The officer sees stage and block, no client data.
    const status = await h.api('GET', `/api/cases/${caseId}/restriction`, DPO);
    expect(status.body).toEqual({ caseId, stage: 'awaiting-assessment', restrictedAt: restricted.body.restrictedAt, restrictedBy: DPO, reason: 'accuracy-contested' });
    expect((await h.api('GET', `/api/cases/${caseId}/restriction`, manager)).status).toBe(403);

    const lifted = await restriction(caseId, { action: 'lift' });
    expect(lifted.body).toMatchObject({ caseId, stage: 'awaiting-assessment', changed: true, generation: generation + 1 });
    expect(lifted.body).not.toHaveProperty('restrictedAt');
    // The new generation waits for the assessment again (a new token), and the case manager assesses.
    await eventually(async () => ((await h.case(caseId)).assessmentTaskToken !== token ? true : undefined), 15_000);
    expect((await h.api('GET', `/api/cases/${caseId}`, manager)).status).toBe(200);
    await assessWithOneReferral(h, caseId, manager);
    expect((await eventsOf(caseId, 'case-restricted')).map((e) => e.details)).toEqual([{ reason: 'accuracy-contested' }]);
    expect(await eventsOf(caseId, 'restriction-lifted')).toHaveLength(1);
  });

  it("refuses the service's answer by its link while blocked, and records it after the lift", async () => {
    const { caseId, manager } = await caseAwaitingAssessment();
    const referralId = await assessWithOneReferral(h, caseId, manager);
    const token = signReferralLink({ referralId, expiresAt: referralLinkExpiry(h.clock.now()) }, h.linkSecret);
    const answer = async () => {
      const response = await fetch(`${await h.apiUrl()}/api/referral-answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token, outcome: 'accepted' }).toString(),
      });
      return { status: response.status, html: await response.text() };
    };
    expect((await restrict(caseId)).status).toBe(200);
    const refused = await answer();
    expect(refused.status).toBe(423);
    expect(refused.html).toContain('ist gesperrt (Einschränkung der Verarbeitung, Art. 18 DSGVO); es wurde nichts gespeichert');
    expect((await h.deps.referrals.getReferral(referralId))?.status).toBe('sent');

    expect((await restriction(caseId, { action: 'lift' })).status).toBe(200);
    // The new generation waits for the referral's outcome again; then the service's answer goes through.
    await eventually(async () => ((await h.deps.referrals.getReferral(referralId))?.taskToken !== undefined && statusOf(caseId, (await h.case(caseId)).generation) === 'RUNNING' ? true : undefined));
    const recorded = await eventually(async () => {
      const result = await answer();
      return result.status === 200 ? result : undefined;
    }, 15_000);
    expect(recorded.html).toContain('Danke für Ihre Rückmeldung');
    expect((await h.deps.referrals.getReferral(referralId))?.status).toBe('accepted');
  });

  it('ten restrictions at once: one event, one stop; ten lifts at once: one new execution', async () => {
    const { caseId, generation } = await caseAwaitingAssessment();
    const restricts = await Promise.all(Array.from({ length: 10 }, () => restrict(caseId)));
    expect(restricts.map((a) => a.status)).toEqual(Array<number>(10).fill(200));
    expect(restricts.filter((a) => a.body.changed === true)).toHaveLength(1);
    expect(await eventsOf(caseId, 'case-restricted')).toHaveLength(1);
    await eventually(() => (statusOf(caseId, generation) === 'ABORTED' ? true : undefined));
    expect(executionsOf(caseId).map((e) => e.status)).toEqual(['ABORTED']);

    const lifts = await Promise.all(Array.from({ length: 10 }, () => restriction(caseId, { action: 'lift' })));
    expect(lifts.map((a) => a.status)).toEqual(Array<number>(10).fill(200));
    expect(lifts.filter((a) => a.body.changed === true).map((a) => a.body.generation)).toEqual([generation + 1]);
    expect(await eventsOf(caseId, 'restriction-lifted')).toHaveLength(1);
    await eventually(() => (statusOf(caseId, generation + 1) === 'RUNNING' ? true : undefined));
    expect(executionsOf(caseId)).toHaveLength(2);
  });
});
