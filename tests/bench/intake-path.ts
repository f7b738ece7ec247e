/**
 * 2. Intake path: the create-intake handler invoked in-process and warm, with the API Gateway v2 event the local
 * gateway builds for an intake user's JWT, against the bare DynamoDB writes it must do — the very transaction it
 * sends (4 conditional puts: idempotency record, case, client, history event), captured from the wire and replayed
 * with fresh keys through the raw SDK — interleaved, on the same DynamoDB Local. A single PutItem of the case item
 * is measured alongside, as the unit of section 3's reference.
 *
 * The handler's StartExecution goes to the local Step Functions endpoint running the real state machine; each
 * started workflow is left to reach its first wait before the next measurement, so none runs during one. Its
 * DynamoDB calls up to that wait are counted (they share DynamoDB Local with the intakes under `npm start`).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes, randomUUID } from 'node:crypto';
import { PutItemCommand, TransactWriteItemsCommand, type PutItemCommandInput, type TransactWriteItemsCommandInput } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createDynamoDbClient } from '../../core/adapters/aws-clients.ts';
import { API_ROUTES } from '../../functions/api-routes.ts';
import { handler as createIntake } from '../../functions/create-intake/handler.ts';
import { apiGatewayListener } from '../../local/api-gateway.ts';
import { listen } from '../../local/http-server.ts';
import { invokeLocally } from '../../local/lambda-invocation.ts';
import { eventually, intakeBody, REGION, runningTask, type LocalSystem } from './local-system.ts';
import { ms, times, type Reporter } from './report.ts';
import { median, round, stopwatch, summarize } from './stats.ts';

const BUDGET_RATIO = 3;
const WARM_UP = 10;

/** The event exactly as local/api-gateway.ts builds it, caught by a stand-in handler behind the real gateway. */
async function captureIntakeEvent(system: LocalSystem): Promise<APIGatewayProxyEventV2WithJWTAuthorizer> {
  let captured: APIGatewayProxyEventV2WithJWTAuthorizer | undefined;
  const gateway = apiGatewayListener({
    routes: API_ROUTES,
    handlers: {
      'create-intake': (event) => {
        captured = event;
        return Promise.resolve({ statusCode: 202, body: '{}' });
      },
    },
    issuer: system.issuer,
    clock: system.clock,
  });
  const server = await listen(
    async (request, response) => {
      if (!(await gateway(request, response))) response.end();
    },
    '127.0.0.1',
    0,
    'PORT',
  );
  try {
    const token = await system.issuer.mintToken(system.staff('intake'), system.clock.now());
    const answer = await fetch(`${server.url}/api/intakes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(intakeBody(system.clock.now())),
    });
    await answer.text();
  } finally {
    await server.close();
  }
  if (captured === undefined) throw new Error('the local API gateway did not call create-intake');
  return captured;
}

interface Call {
  readonly service: 'dynamodb' | 'sfn';
  readonly command: string;
  readonly ms: number;
  /** The workflow step that made it: a task function's name, or the engine's own integration. */
  readonly step: string;
}

/** SDK calls made inside the handler (its async context) and by the workflow after it. */
class CallLog {
  readonly handlerContext = new AsyncLocalStorage<Call[]>();
  workflow: Call[] | undefined;
  /** The last TransactWriteItems body the handler sent. */
  wireBody: string | undefined;

  timing(service: Call['service']) {
    return <Input extends object, Output extends object>(
      next: (args: { input: Input }) => Promise<Output>,
      context: { commandName?: string },
    ) =>
      async (args: { input: Input }): Promise<Output> => {
        const target = this.handlerContext.getStore() ?? this.workflow;
        const elapsed = stopwatch();
        try {
          return await next(args);
        } finally {
          const step = runningTask.getStore() ?? 'engine';
          target?.push({ service, command: (context.commandName ?? '?').replace(/Command$/, ''), ms: elapsed(), step });
        }
      };
  }
}

const total = (calls: readonly Call[], service: Call['service']): number => calls.filter((c) => c.service === service).reduce((sum, c) => sum + c.ms, 0);

export async function benchIntakePath(reporter: Reporter, system: LocalSystem, options: { pairs: number }): Promise<void> {
  reporter.section('2. Intake path: create-intake in-process (warm) vs. the bare DynamoDB writes it must do');
  const event = await captureIntakeEvent(system);

  // Every SDK call, timed around the whole send (retries included), and the transaction's wire body.
  const log = new CallLog();
  system.deps.documents.middlewareStack.add(log.timing('dynamodb'), { step: 'initialize', priority: 'high', name: 'benchTiming' });
  system.deps.sfn.middlewareStack.add(log.timing('sfn'), { step: 'initialize', priority: 'high', name: 'benchTiming' });
  // The engine's own DynamoDB integrations (LoadCase …) use the system's client.
  system.dynamodb.middlewareStack.add(log.timing('dynamodb'), { step: 'initialize', priority: 'high', name: 'benchTiming' });
  system.deps.documents.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string>; body?: unknown };
      if (log.handlerContext.getStore() !== undefined && request.headers?.['x-amz-target'] === 'DynamoDB_20120810.TransactWriteItems') {
        // The JSON protocol's body: a string or (newer SDKs) its UTF-8 bytes.
        log.wireBody = typeof request.body === 'string' ? request.body : request.body instanceof Uint8Array ? new TextDecoder().decode(request.body) : undefined;
      }
      return next(args);
    },
    { step: 'build', name: 'benchCaptureTransaction' },
  );

  const body = JSON.stringify(intakeBody(system.clock.now()));
  const invoke = async (): Promise<{ ms: number; calls: Call[]; workflowCalls: Call[]; caseId: string; workflowMs: number }> => {
    const calls: Call[] = [];
    const sleepersBefore = system.clock.pendingSleepers;
    log.workflow = [];
    const elapsed = stopwatch();
    const result: APIGatewayProxyStructuredResultV2 = await log.handlerContext.run(calls, () =>
      invokeLocally(createIntake, { ...event, body, requestContext: { ...event.requestContext, requestId: randomUUID(), timeEpoch: system.clock.now().getTime() } }, 'create-intake', 30_000),
    );
    const took = elapsed();
    if (result.statusCode !== 202) throw new Error(`create-intake answered ${String(result.statusCode)}: ${String(result.body)}`);
    const caseId = (JSON.parse(String(result.body)) as { caseId: string }).caseId;
    // Let the started workflow reach its first wait (assessment or waiting list) before anything else runs.
    const arn = `arn:aws:states:${REGION}:000000000000:execution:intake-to-referral:${caseId}-1`;
    let lastLength = -1;
    const workflow = stopwatch();
    await eventually(() => {
      const execution = system.engine.describeExecution(arn);
      const waiting = system.clock.pendingSleepers > sleepersBefore || execution.status !== 'RUNNING';
      const stable = execution.history.length === lastLength;
      lastLength = execution.history.length;
      return waiting && stable ? true : undefined;
    }, 15_000, `workflow of ${caseId} to settle`);
    const workflowMs = workflow();
    const workflowCalls = log.workflow;
    log.workflow = undefined;
    return { ms: took, calls, workflowCalls, caseId, workflowMs };
  };

  // The transaction the handler sent, replayed with fresh keys (case id and idempotency hash) through the raw SDK.
  const first = await invoke();
  if (log.wireBody === undefined) throw new Error('create-intake sent no TransactWriteItems');
  const template = log.wireBody;
  const idempotencyHash = /"IDEMPOTENCY#([0-9a-f]{64})"/.exec(template)?.[1];
  if (idempotencyHash === undefined) throw new Error('no idempotency item in the intake transaction');
  const itemCount = (JSON.parse(template) as TransactWriteItemsCommandInput).TransactItems?.length ?? 0;
  const raw = createDynamoDbClient({ region: REGION, endpoint: system.dynamodbEndpoint });
  const fresh = (): TransactWriteItemsCommandInput => {
    const caseId = `${first.caseId.slice(0, -8)}${randomBytes(4).toString('hex').toUpperCase()}`;
    const input = JSON.parse(template.replaceAll(first.caseId, caseId).replaceAll(idempotencyHash, randomBytes(32).toString('hex'))) as TransactWriteItemsCommandInput;
    // The SDK fills in a fresh idempotency token per call, as it did for the handler.
    delete input.ClientRequestToken;
    return input;
  };
  const rawTransaction = async (): Promise<number> => {
    const input = fresh();
    const elapsed = stopwatch();
    await raw.send(new TransactWriteItemsCommand(input));
    return elapsed();
  };
  const rawPut = async (): Promise<number> => {
    const put = fresh().TransactItems?.find((item) => item.Put?.Item?.type?.S === 'case')?.Put;
    if (put === undefined) throw new Error('no case item in the intake transaction');
    const elapsed = stopwatch();
    await raw.send(new PutItemCommand(put as PutItemCommandInput));
    return elapsed();
  };

  for (let i = 0; i < WARM_UP; i++) {
    await invoke();
    await rawTransaction();
    await rawPut();
  }
  const handlerMs: number[] = [];
  const rawMs: number[] = [];
  const putMs: number[] = [];
  const dynamoMs: number[] = [];
  const sfnMs: number[] = [];
  const restMs: number[] = [];
  const workflowMs: number[] = [];
  const handlerCalls = new Map<string, number>();
  const workflowCalls = new Map<string, number>();
  const workflowSteps = new Map<string, number>();
  const count = (into: Map<string, number>, calls: readonly Call[]): void => {
    for (const call of calls) into.set(`${call.service}:${call.command}`, (into.get(`${call.service}:${call.command}`) ?? 0) + 1);
  };
  for (let i = 0; i < options.pairs; i++) {
    // Rotating order: handler, transaction, put — then transaction, put, handler — then put, handler, transaction.
    const steps = [
      async () => {
        const run = await invoke();
        handlerMs.push(run.ms);
        workflowMs.push(run.workflowMs);
        dynamoMs.push(total(run.calls, 'dynamodb'));
        sfnMs.push(total(run.calls, 'sfn'));
        restMs.push(run.ms - total(run.calls, 'dynamodb') - total(run.calls, 'sfn'));
        count(handlerCalls, run.calls);
        count(workflowCalls, run.workflowCalls);
        for (const call of run.workflowCalls) workflowSteps.set(`${call.step} ${call.command}`, (workflowSteps.get(`${call.step} ${call.command}`) ?? 0) + 1);
      },
      async () => {
        rawMs.push(await rawTransaction());
      },
      async () => {
        putMs.push(await rawPut());
      },
    ];
    for (let k = 0; k < steps.length; k++) await steps[(i + k) % steps.length]?.();
    reporter.progress('intake rounds', i + 1, options.pairs);
  }
  raw.destroy();

  const handlerMedian = median(handlerMs);
  const rawMedian = median(rawMs);
  const ratio = handlerMedian / rawMedian;
  const withoutStart = median(handlerMs.map((h, i) => h - (sfnMs[i] ?? 0)));
  const perCase = (calls: Map<string, number>): string => [...calls].map(([name, n]) => `${name} ×${round(n / options.pairs, 1)}`).join(', ');
  const perCaseCount = (calls: Map<string, number>, service: string): number =>
    [...calls].filter(([name]) => name.startsWith(service)).reduce((sum, [, n]) => sum + n, 0) / options.pairs;
  reporter.row({ label: `bare writes: TransactWriteItems (${itemCount} items), raw SDK`, value: ms(rawMedian), reference: `p95 ${ms(summarize(rawMs).p95)}` });
  reporter.row({
    label: 'create-intake handler (warm, in-process)',
    value: ms(handlerMedian),
    reference: `bare writes ${ms(rawMedian)}`,
    ratio: times(ratio),
    budget: `≤ ${BUDGET_RATIO}×`,
    status: ratio <= BUDGET_RATIO ? 'met' : 'MISSED',
  });
  reporter.row({ label: '  of which its TransactWrite (doc client)', value: ms(median(dynamoMs)), ratio: times(median(dynamoMs) / rawMedian) });
  reporter.row({ label: '  of which StartExecution (local endpoint)', value: ms(median(sfnMs)) });
  reporter.row({ label: '  of which the rest (validate, hash, build)', value: ms(median(restMs)) });
  reporter.row({ label: '  handler without StartExecution', value: ms(withoutStart), reference: `bare writes ${ms(rawMedian)}`, ratio: times(withoutStart / rawMedian) });
  reporter.row({ label: 'one PutItem of the case item, raw SDK', value: ms(median(putMs)), reference: `bare writes ${ms(rawMedian)}`, ratio: times(rawMedian / median(putMs)) });
  reporter.row({
    label: 'after the 202: workflow to its first wait',
    value: ms(median(workflowMs)),
    reference: `${round(perCaseCount(workflowCalls, 'dynamodb'), 1)} DynamoDB calls`,
  });
  reporter.note(`handler calls per intake: ${perCase(handlerCalls)}; its workflow up to the first wait: ${perCase(workflowCalls)}`);
  reporter.note(`the workflow's DynamoDB calls by step: ${[...workflowSteps].map(([name, n]) => `${name} ×${round(n / options.pairs, 1)}`).join(', ')}`);
  reporter.note(
    `medians of ${options.pairs} rounds (handler, bare transaction, single put in rotating order) after ${WARM_UP} warm-up rounds, DynamoDB Local in memory; ` +
      `the event is the one local/api-gateway.ts builds for ${system.staff('intake').id}'s token (JWT checked before the handler, not timed); StartExecution ` +
      'goes over HTTP to the local Step Functions endpoint (real ASL, real task handlers); the workflow is left to settle before the next step.',
  );
  const budget = reporter.budget({
    id: 'intake.handlerVsBareWrites',
    description: 'create-intake handler vs. its bare DynamoDB writes',
    measured: round(ratio),
    limit: BUDGET_RATIO,
    comparison: '<=',
    unit: '×',
  });
  reporter.record('intakePath', {
    rounds: options.pairs,
    warmUp: WARM_UP,
    transactionItems: itemCount,
    handler: summarize(handlerMs),
    bareWrites: summarize(rawMs),
    singlePutItem: summarize(putMs),
    handlerDynamoDb: summarize(dynamoMs),
    handlerStartExecution: summarize(sfnMs),
    handlerRest: summarize(restMs),
    handlerWithoutStartExecution: round(withoutStart),
    workflowToFirstWait: summarize(workflowMs),
    ratio: round(ratio, 3),
    ratioWithoutStartExecution: round(withoutStart / rawMedian, 3),
    bareWritesInPutItems: round(rawMedian / median(putMs), 3),
    handlerCallsPerIntake: Object.fromEntries([...handlerCalls].map(([name, n]) => [name, n / options.pairs])),
    workflowCallsPerCase: Object.fromEntries([...workflowCalls].map(([name, n]) => [name, n / options.pairs])),
    workflowCallsByStep: Object.fromEntries([...workflowSteps].map(([name, n]) => [name, n / options.pairs])),
    budget,
  });
}
