/**
 * DynamoDB failing during a step: the step is retried as the ASL says, then the case is parked visibly as
 * needs-attention and the coordination is told. The failure is injected into the real DynamoDB client
 * (throttling errors for a number of transactional writes), everything else is the real system.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../fixtures/eventually.ts';
import { intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';

describe('a step that keeps failing', () => {
  const h = new WorkflowHarness();
  const injected = { skip: 0, fail: 0, failed: 0 };

  beforeAll(async () => {
    await h.start();
    h.deps.documents.middlewareStack.add(
      (next, context) => async (args) => {
        if (String(context.commandName).startsWith('TransactWrite')) {
          if (injected.skip > 0) injected.skip -= 1;
          else if (injected.fail > 0) {
            injected.fail -= 1;
            injected.failed += 1;
            throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), {
              name: 'ProvisionedThroughputExceededException',
              $fault: 'client',
              $retryable: { throttling: true },
            });
          }
        }
        return next(args);
      },
      { step: 'initialize', name: 'injectThrottling' },
    );
  });
  afterAll(async () => {
    await h.stop();
  });

  it('retries the triage, then parks the case as needs-attention and tells the coordination', async () => {
    // The intake's own transaction goes through; the triage's write fails on its first try and all 4 retries.
    Object.assign(injected, { skip: 1, fail: 5 });
    const answer = await h.api('POST', '/api/intakes', 'intake', intakeFor());
    expect(answer.status).toBe(202);
    const caseId = String(answer.body.caseId);

    const arn = `arn:aws:states:eu-central-1:000000000000:execution:intake-to-referral:${caseId}-1`;
    const execution = await eventually(() => (h.engine.describeExecution(arn).status === 'RUNNING' ? undefined : h.engine.describeExecution(arn)));
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('CaseNeedsAttention');
    expect(injected.failed).toBe(5);
    const triageFailures = execution.history.filter((e) => e.type === 'TaskFailed');
    expect(triageFailures).toHaveLength(5);
    expect(triageFailures.every((e) => (e.taskFailedEventDetails as { error: string }).error === 'KimTransientError')).toBe(true);

    const record = await h.case(caseId);
    expect(record.stage).toBe('intake'); // nothing half-done: the triage never happened
    expect(record.attention).toMatchObject({ step: 'KimTransientError' });
    const coordination = h.profile.district.coordination.contact.email;
    expect(h.outbox.list().some((m) => m.recipients.includes(coordination) && m.subject === `Technische Störung: Fall ${caseId} angehalten`)).toBe(true);

    // Coordinators see parked cases first.
    const list = await h.api('GET', '/api/cases', 'coordinator');
    expect((list.body.cases as { caseId: string }[])[0]?.caseId).toBe(caseId);
  });
});
