import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ManualClock } from '../../core/clock.ts';
import { createDynamoDbClient } from '../../core/adapters/aws-clients.ts';
import { LocalStepFunctions, type ExecutionRecord } from '../../local/stepfunctions/local-step-functions.ts';
import { eventually } from '../fixtures/eventually.ts';

const region = 'eu-central-1';
const machineArn = `arn:aws:states:${region}:000000000000:stateMachine:edge`;
const lambdaArn = (name: string): string => `arn:aws:lambda:${region}:000000000000:function:${name}`;

class Transient extends Error {
  override name = 'Transient';
}

describe('local engine edge cases', () => {
  const clock = new ManualClock('2026-11-24T09:00:00Z');
  const tokens = new Map<string, string>();
  const releases = new Map<string, () => void>();
  const flakyCalls = new Map<string, number>();
  let dynamodb: DynamoDBClient;
  let service: LocalStepFunctions;

  beforeAll(() => {
    dynamodb = createDynamoDbClient({ region, endpoint: inject('dynamodbEndpoint') });
    service = new LocalStepFunctions({
      stateMachinesDir: fileURLToPath(new URL('../fixtures/state-machines-edge', import.meta.url)),
      substitutions: { SlowFunctionArn: lambdaArn('slow'), FlakyFunctionArn: lambdaArn('flaky') },
      lambdas: {
        // Hands out its token, then keeps running until the test releases it.
        slow: async (event) => {
          const { id, taskToken } = event as { id: string; taskToken: string };
          tokens.set(id, taskToken);
          await new Promise<void>((resolve) => releases.set(id, resolve));
          return null;
        },
        flaky: (event) => {
          const { id } = event as { id: string };
          const calls = (flakyCalls.get(id) ?? 0) + 1;
          flakyCalls.set(id, calls);
          return calls < 3 ? Promise.reject(new Transient('not yet')) : Promise.resolve({ attempts: calls });
        },
      },
      dynamodb,
      clock,
      region,
      accountId: '000000000000',
      retryPauseMs: 0,
    });
  });
  afterAll(async () => {
    await service.shutdown();
    dynamodb.destroy();
  });

  const finished = (arn: string): Promise<ExecutionRecord> =>
    eventually(() => {
      const e = service.describeExecution(arn);
      return e.status === 'RUNNING' ? undefined : e;
    });

  it('matches a task-token timeout as States.Timeout, not as the States.TaskFailed wildcard', async () => {
    const { executionArn } = service.startExecution(machineArn, 'timeout', JSON.stringify({ id: 'timeout' }));
    await eventually(() => tokens.get('timeout'));
    const sleepers = clock.pendingSleepers;
    releases.get('timeout')?.();
    // The timeout starts once the handler has returned.
    await eventually(() => (clock.pendingSleepers > sleepers ? true : undefined));
    await clock.advance(60_000);
    const execution = await finished(executionArn);
    expect(JSON.parse(execution.output ?? '')).toMatchObject({ outcome: 'timeout', error: { Error: 'States.Timeout' } });
  });

  it('survives an answer that arrives while the handler still runs', async () => {
    const { executionArn } = service.startExecution(machineArn, 'early', JSON.stringify({ id: 'early' }));
    service.sendTaskFailure(await eventually(() => tokens.get('early')), 'Nope', 'abgelehnt');
    await new Promise((resolve) => setTimeout(resolve, 20));
    releases.get('early')?.();
    const execution = await finished(executionArn);
    expect(JSON.parse(execution.output ?? '')).toMatchObject({ outcome: 'task-failed', error: { Error: 'Nope' } });
  });

  it('retries by the definition (pauses shortened for tests) and stops retrying once stopped', async () => {
    const { executionArn } = service.startExecution(machineArn, 'flaky', JSON.stringify({ id: 'flaky', flaky: true }));
    const execution = await finished(executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output ?? '')).toMatchObject({ flakyResult: { attempts: 3 } });
    expect(execution.history.filter((e) => e.type === 'TaskFailed')).toHaveLength(2);
  });

  it('runs nothing more after StopExecution', async () => {
    const { executionArn } = service.startExecution(machineArn, 'stopped', JSON.stringify({ id: 'stopped' }));
    await eventually(() => tokens.get('stopped'));
    service.stopExecution(executionArn, 'Stopped', 'by test');
    releases.get('stopped')?.();
    expect((await finished(executionArn)).status).toBe('ABORTED');
    expect(() => { service.sendTaskSuccess(tokens.get('stopped') ?? '', '{}'); }).toThrow(/Task Does Not Exist/);
  });
});
