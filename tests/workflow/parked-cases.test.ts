/**
 * Parked cases on the real ASL in the local engine: a case parked by a failing mail to the service shows why in
 * German, goes on with "Fortsetzen" (also clicked many times at once: one execution) and finishes; the daily sweeper
 * restarts a case whose execution was stopped by hand — once, also when two sweepers run at the same time.
 */
import { DescribeExecutionCommand, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { attentionReason } from '../../core/cases/attention-labels.ts';
import type { CaseRecord } from '../../core/cases/case.ts';
import type { OutgoingMail } from '../../core/mail/mail-message.ts';
import { sweepCases } from '../../core/workflow/sweep-cases.ts';
import { eventually } from '../fixtures/eventually.ts';
import { intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';

describe('parked cases', () => {
  const h = new WorkflowHarness();
  const failing = { service: false };
  const executionArn = (caseId: string, generation: number) => `arn:aws:states:eu-central-1:000000000000:execution:intake-to-referral:${caseId}-${generation}`;
  const executionsOf = (caseId: string) =>
    h.engine
      .listExecutions('arn:aws:states:eu-central-1:000000000000:stateMachine:intake-to-referral', undefined)
      .filter((e) => e.name.startsWith(`${caseId}-`))
      .map((e) => `${e.name.slice(caseId.length + 1)}:${e.status}`)
      .sort();

  /** One run of the case-sweeper state machine (what the daily schedule starts), to its end. */
  async function runSweeper(name: string): Promise<{ restarted: number; renewed: number }> {
    const { executionArn: arn } = await h.deps.sfn.send(
      new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:eu-central-1:000000000000:stateMachine:case-sweeper', name, input: '{}' }),
    );
    const done = await eventually(async () => {
      const execution = await h.deps.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
      return execution.status === 'RUNNING' ? undefined : execution;
    });
    expect(done.status).toBe('SUCCEEDED');
    return (JSON.parse(done.output ?? '{}') as { swept: { restarted: number; renewed: number } }).swept;
  }

  beforeAll(async () => {
    await h.start();
    const service = h.profile.services.find((s) => s.id === 'integrationskurs')?.contact.email ?? '';
    const send = h.deps.mailer.send.bind(h.deps.mailer);
    // SES refusing the referral mail to the course provider (not retryable), every other mail goes out.
    vi.spyOn(h.deps.mailer, 'send').mockImplementation((mail: OutgoingMail) =>
      failing.service && mail.to.includes(service) ? Promise.reject(Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' })) : send(mail),
    );
  });
  afterAll(async () => {
    await h.stop();
  });

  /** A case whose referral to the language course could not be sent: parked, execution 1 failed. */
  async function parkedCase(): Promise<{ caseId: string; manager: string; record: CaseRecord }> {
    const answer = await h.api('POST', '/api/intakes', 'intake', intakeFor({ needs: { categories: ['language'] } }));
    const caseId = String(answer.body.caseId);
    const waiting = await h.waitForStage(caseId, 'awaiting-assessment', 'assessment');
    const manager = waiting.caseManagerId ?? '';
    failing.service = true;
    const assessed = await h.api('POST', `/api/cases/${caseId}/assessment`, manager, {
      needs: [{ category: 'language', serviceId: 'integrationskurs' }],
      consents: [{ serviceId: 'integrationskurs', form: 'electronic', givenAt: '2026-11-24' }],
    });
    expect(assessed.status).toBe(200);
    const record = await eventually(async () => {
      const current = await h.case(caseId);
      return current.attention !== undefined && h.engine.describeExecution(executionArn(caseId, 1)).status === 'FAILED' ? current : undefined;
    });
    failing.service = false;
    return { caseId, manager, record };
  }

  it('says why a case parked, resumes it with "Fortsetzen" and lets it finish', async () => {
    const { caseId, manager, record } = await parkedCase();
    expect(record.attention).toMatchObject({ step: 'ReferralNotSent' });
    expect(record.stage).toBe('referring');
    const detail = await h.api('GET', `/api/cases/${caseId}`, 'coordinator');
    const parked = detail.body.case as CaseRecord;
    expect(attentionReason(parked.stage, parked.attention?.step ?? '')).toBe('Die E-Mail an den Dienst (Vermittlung) konnte nicht gesendet werden.');

    // Only the coordination resumes; the case manager may not.
    expect((await h.api('POST', `/api/cases/${caseId}/resume`, manager)).status).toBe(403);
    const resumed = await h.api('POST', `/api/cases/${caseId}/resume`, 'coordinator');
    expect(resumed).toEqual({ status: 200, body: { generation: 2, resumed: true } });
    const [referralId = ''] = (await h.deps.referrals.listReferrals(caseId)).map((r) => r.referralId);
    await eventually(async () => ((await h.deps.referrals.getReferral(referralId))?.taskToken !== undefined ? true : undefined));
    const current = await h.case(caseId);
    expect(current.attention).toBeUndefined();
    expect(current.generation).toBe(2);

    expect((await h.api('POST', `/api/referrals/${referralId}/outcome`, manager, { outcome: 'completed' })).status).toBe(200);
    await h.waitForStage(caseId, 'monitoring', 'closure');
    expect((await h.api('POST', `/api/cases/${caseId}/close`, manager, { closureReason: 'goals-achieved' })).status).toBe(200);
    await eventually(() => (h.engine.describeExecution(executionArn(caseId, 2)).status === 'SUCCEEDED' ? true : undefined));
    expect(executionsOf(caseId)).toEqual(['1:FAILED', '2:SUCCEEDED']);
    const history = await h.deps.cases.listEvents(caseId);
    expect(history.filter((e) => e.kind === 'case-resumed').map((e) => e.actor)).toEqual([h.staff('coordinator').id]);
    // A second click later finds nothing to resume and starts nothing.
    expect((await h.api('POST', `/api/cases/${caseId}/resume`, 'coordinator')).body).toEqual({ generation: 2, resumed: false });
  });

  it('starts one execution when "Fortsetzen" is clicked many times at once', async () => {
    const { caseId } = await parkedCase();
    const answers = await Promise.all(Array.from({ length: 12 }, () => h.api('POST', `/api/cases/${caseId}/resume`, 'coordinator')));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 12 }, () => 200));
    expect(answers.filter((a) => a.body.resumed === true)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.body.generation))).toEqual(new Set([2]));
    await eventually(async () => ((await h.deps.referrals.listReferrals(caseId))[0]?.taskToken !== undefined ? true : undefined));
    expect(executionsOf(caseId)).toEqual(['1:FAILED', '2:RUNNING']);
    expect((await h.deps.cases.listEvents(caseId)).filter((e) => e.kind === 'case-resumed')).toHaveLength(1);
  });

  it('restarts a case whose execution was stopped by hand, once, also when two sweepers run at once', async () => {
    const answer = await h.api('POST', '/api/intakes', 'intake', intakeFor());
    const caseId = String(answer.body.caseId);
    const waiting = await h.waitForStage(caseId, 'awaiting-assessment', 'assessment');
    // Nothing to do while every open case has its execution (parked ones wait for the coordination).
    expect(await sweepCases(h.deps)).toEqual({ restarted: 0, renewed: 0 });

    await h.deps.sfn.send(new StopExecutionCommand({ executionArn: executionArn(caseId, 1) }));
    expect(executionsOf(caseId)).toEqual(['1:ABORTED']);
    const sweeps = await Promise.all([runSweeper('sweep-a'), runSweeper('sweep-b')]);
    expect(sweeps.reduce((sum, s) => sum + s.restarted, 0)).toBe(1);
    expect(sweeps.reduce((sum, s) => sum + s.renewed, 0)).toBe(0);
    expect(executionsOf(caseId)).toEqual(['1:ABORTED', '2:RUNNING']);
    expect((await h.deps.cases.listEvents(caseId)).filter((e) => e.kind === 'workflow-restarted')).toHaveLength(1);

    // The new generation waits for the assessment again, and the assessment reaches it.
    const resumed = await eventually(async () => {
      const current = await h.case(caseId);
      return current.assessmentTaskToken !== undefined && current.assessmentTaskToken !== waiting.assessmentTaskToken ? current : undefined;
    });
    expect(resumed.generation).toBe(2);
    const assessed = await h.api('POST', `/api/cases/${caseId}/assessment`, waiting.caseManagerId ?? '', { needs: [{ category: 'housing' }], consents: [] });
    expect(assessed.status).toBe(200);
    await h.waitForStage(caseId, 'monitoring', 'closure');
    expect(await sweepCases(h.deps)).toEqual({ restarted: 0, renewed: 0 });
  });
});
