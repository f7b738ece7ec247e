import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ManualClock } from '../../core/clock.ts';
import { createDynamoDbClient, createSfnClient } from '../../core/adapters/aws-clients.ts';
import { ensureTable } from '../../local/ensure-table.ts';
import { LocalStepFunctions } from '../../local/stepfunctions/local-step-functions.ts';
import { stepFunctionsRequestListener } from '../../local/stepfunctions/endpoint.ts';
import { listen, type RunningServer } from '../../local/http-server.ts';
import { eventually } from '../fixtures/eventually.ts';

const run = promisify(execFile);
const region = 'eu-central-1';
const lambdaArn = (name: string): string => `arn:aws:lambda:${region}:000000000000:function:${name}`;
const machineArn = `arn:aws:states:${region}:000000000000:stateMachine:tiny`;

describe('local Step Functions endpoint with the tiny state machine', () => {
  const clock = new ManualClock('2026-11-24T09:00:00Z');
  const tableName = `tiny-${randomUUID()}`;
  const approvals = new Map<string, string>();
  let dynamodb: DynamoDBClient;
  let sfn: SFNClient;
  let service: LocalStepFunctions;
  let endpoint: RunningServer;

  beforeAll(async () => {
    dynamodb = createDynamoDbClient({ region, endpoint: inject('dynamodbEndpoint') });
    await ensureTable(dynamodb, tableName);
    service = new LocalStepFunctions({
      stateMachinesDir: fileURLToPath(new URL('../fixtures/state-machines', import.meta.url)),
      substitutions: { GreetFunctionArn: lambdaArn('greet'), RequestApprovalFunctionArn: lambdaArn('request-approval'), TableName: tableName },
      lambdas: {
        greet: (event) => Promise.resolve({ greeting: `Hallo ${(event as { caseId: string }).caseId}` }),
        'request-approval': (event) => {
          const { caseId, taskToken } = event as { caseId: string; taskToken: string };
          approvals.set(caseId, taskToken);
          return Promise.resolve(null);
        },
      },
      dynamodb,
      clock,
      region,
      accountId: '000000000000',
    });
    endpoint = await listen(stepFunctionsRequestListener(service), '127.0.0.1', 0, 'SFN_PORT');
    sfn = createSfnClient({ region, endpoint: endpoint.url });
  });

  afterAll(async () => {
    await service.shutdown();
    await endpoint.close();
    sfn.destroy();
    dynamodb.destroy();
  });

  const start = async (caseId: string, extra: Record<string, unknown> = {}): Promise<string> => {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machineArn, name: caseId, input: JSON.stringify({ caseId, ...extra }) }),
    );
    return executionArn ?? '';
  };
  const finished = (executionArn: string) =>
    eventually(async () => {
      const e = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      return e.status === 'RUNNING' ? undefined : e;
    });
  const tokenFor = (caseId: string) => eventually(() => approvals.get(caseId));

  it('lists each ASL file as a state machine', async () => {
    const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
    expect(stateMachines?.map((m) => m.name)).toEqual(['tiny']);
    expect(stateMachines?.[0]?.stateMachineArn).toBe(machineArn);
  });

  it('runs Task, direct DynamoDB write, Choice and a task token to success', async () => {
    const arn = await start('case-1');
    await sfn.send(new SendTaskSuccessCommand({ taskToken: await tokenFor('case-1'), output: JSON.stringify({ approvedBy: 'coordinator' }) }));
    const execution = await finished(arn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output ?? '')).toEqual({
      caseId: 'case-1',
      greet: { greeting: 'Hallo case-1' },
      approval: { approvedBy: 'coordinator' },
    });
    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'TINY#case-1' }, sk: { S: 'GREETING' } } }));
    expect(Item?.greeting?.S).toBe('Hallo case-1');
    const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn: arn }));
    expect(events?.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered', 'TaskStateExited',
      'TaskStateEntered', 'TaskStateExited',
      'ChoiceStateEntered', 'ChoiceStateExited',
      'TaskStateEntered', 'TaskStateExited',
      'SucceedStateEntered', 'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('waits on the clock, not in real time', async () => {
    const sleepers = clock.pendingSleepers;
    await start('case-wait', { pauseSeconds: 3600 });
    await eventually(() => (clock.pendingSleepers > sleepers ? true : undefined));
    expect(approvals.has('case-wait')).toBe(false);
    await clock.advance(3599_000);
    expect(approvals.has('case-wait')).toBe(false);
    await clock.advance(1000);
    await tokenFor('case-wait');
  });

  it('times out a task token on the clock and catches States.Timeout', async () => {
    const sleepers = clock.pendingSleepers;
    const arn = await start('case-timeout');
    await tokenFor('case-timeout');
    await eventually(() => (clock.pendingSleepers > sleepers ? true : undefined));
    await clock.advance(86_400_000);
    const execution = await finished(arn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output ?? '')).toMatchObject({ outcome: 'no-answer', error: { Error: 'States.Timeout' } });
  });

  it('routes SendTaskFailure through Catch', async () => {
    const arn = await start('case-rejected');
    await sfn.send(new SendTaskFailureCommand({ taskToken: await tokenFor('case-rejected'), error: 'Rejected', cause: 'nicht zuständig' }));
    const execution = await finished(arn);
    expect(JSON.parse(execution.output ?? '')).toMatchObject({ outcome: 'rejected', error: { Error: 'Rejected', Cause: 'nicht zuständig' } });
  });

  it('catches a failed conditional write of a direct DynamoDB integration', async () => {
    // case-1 already wrote its greeting in the first test, so this conditional put fails.
    const second = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machineArn, name: 'case-1-twice', input: JSON.stringify({ caseId: 'case-1' }) }),
    );
    const execution = await finished(second.executionArn ?? '');
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('TinyBroken');
  });

  it('treats a repeated start as idempotent and a conflicting one as ExecutionAlreadyExists', async () => {
    const first = await start('case-idem');
    expect(await start('case-idem')).toBe(first);
    await expect(start('case-idem', { other: true })).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  });

  it('rejects bad requests with the Step Functions error codes', async () => {
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, name: 'bad name', input: '{}' })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, name: 'bad-input', input: '{nope' })),
    ).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: 'unknown', output: '{}' }))).rejects.toMatchObject({
      name: 'TaskDoesNotExist',
    });
  });

  it('is driven by the real AWS CLI, including send-task-success', async () => {
    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_DEFAULT_REGION: region, AWS_PAGER: '' };
    const aws = async (...args: string[]): Promise<Record<string, unknown>> => {
      const { stdout } = await run('aws', ['stepfunctions', ...args, '--endpoint-url', endpoint.url, '--output', 'json'], { env });
      return stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>);
    };
    const listed = await aws('list-state-machines');
    expect(listed.stateMachines).toEqual([expect.objectContaining({ name: 'tiny', stateMachineArn: machineArn })]);
    const started = await aws('start-execution', '--state-machine-arn', machineArn, '--name', 'cli-case', '--input', '{"caseId":"cli-case"}');
    const executionArn = String(started.executionArn);
    await aws('send-task-success', '--task-token', await tokenFor('cli-case'), '--task-output', '{"approvedBy":"cli"}');
    const described = await eventually(async () => {
      const d = await aws('describe-execution', '--execution-arn', executionArn);
      return d.status === 'RUNNING' ? undefined : d;
    });
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(String(described.output))).toMatchObject({ approval: { approvedBy: 'cli' } });
    const history = await aws('get-execution-history', '--execution-arn', executionArn);
    expect((history.events as unknown[]).length).toBeGreaterThan(5);
  });
});
