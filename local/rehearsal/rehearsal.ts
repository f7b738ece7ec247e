/**
 * The deploy rehearsal's system: the local runtime (DynamoDB Local in memory, the local Step Functions and SES
 * endpoints, the local API gateway) running every function from its bundle in cdk.out and every state machine from
 * its template, all AWS calls through the recorder; the schedules start their state machines signed as their own
 * roles. `report()` evaluates what was recorded against the templates' policies.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { DemoData } from '../../core/profile/demo-data-schema.ts';
import type { DistrictProfile } from '../../core/profile/schema.ts';
import { API_ROUTES } from '../../functions/api-routes.ts';
import type { ApiHandler } from '../api-gateway.ts';
import { freePort } from '../http-server.ts';
import { startLocalRuntime, type LocalRuntime } from '../runtime.ts';
import type { LocalLambdaHandler } from '../stepfunctions/task-integrations.ts';
import { accessKeyOf, BundledFunctions, stageBundles } from './bundles.ts';
import { readCloudAssembly, REHEARSAL_ACCOUNT, TemplateResolver } from './cloud-assembly.ts';
import { checkCalls, type PrincipalReport } from './iam-check.ts';
import { platformCalls, platformGrants } from './platform-calls.ts';
import { listPrincipals, resourcePolicies, tableKeys, type FunctionPrincipal, type Principal, type SchedulePrincipal, type StateMachinePrincipal } from './principals.ts';
import { startRecorder, type Recorder } from './recorder.ts';
import { RehearsalClock } from './rehearsal-clock.ts';

export interface RehearsalOptions {
  /** The cloud assembly (`cdk synth` output, bundled). */
  readonly cloudAssemblyDir: string;
  readonly profile: DistrictProfile;
  readonly demo: DemoData;
  /** Outbox, sign-in keys and the staged bundles. */
  readonly dataDir: string;
  /** A DynamoDB Local already running (tests), or one started here in memory. */
  readonly dynamodbEndpoint?: string;
  readonly log: (line: string) => void;
}

export interface Rehearsal {
  readonly runtime: LocalRuntime;
  /** The demo people the scenario signs in as. */
  readonly demo: DemoData;
  readonly principals: readonly Principal[];
  readonly recorder: Recorder;
  /** The time of the whole system (engine, bundles, tokens, outbox); the scenario moves it across the workflow's waits. */
  readonly clock: RehearsalClock;
  /** The value of the templates' link secret (RSVP links, calendar-feed URLs), as the functions read it. */
  readonly linkSecret: string;
  /** Starts a schedule's target as EventBridge Scheduler does: signed as the schedule's role, with its input. */
  runSchedule(scheduleId: string): Promise<string>;
  report(): Promise<PrincipalReport[]>;
  stop(): Promise<void>;
}

/** `api/CreateIntake` → `create-intake`, the route table's functionName (the KimFunction's folder). */
const routeName = (principal: FunctionPrincipal): string =>
  (principal.id.split('/').pop() ?? '').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export async function startRehearsal(options: RehearsalOptions): Promise<Rehearsal> {
  const assembly = readCloudAssembly(options.cloudAssemblyDir);
  const resolver = new TemplateResolver(assembly);
  const principals = listPrincipals(assembly, resolver);
  const region = assembly.stacks[0]?.region ?? 'eu-central-1';
  const functions = principals.filter((p): p is FunctionPrincipal => p.kind === 'function');
  const stateMachines = principals.filter((p): p is StateMachinePrincipal => p.kind === 'state-machine');
  const keys = tableKeys(assembly, resolver);
  const [tableName] = [...new Set(functions.map((fn) => fn.environment.TABLE_NAME).filter((name) => name !== undefined))];
  if (tableName === undefined) throw new Error('Keine Funktion nennt eine Tabelle (TABLE_NAME)');

  const byKey = new Map(principals.map((p) => [accessKeyOf(p.id), p.id]));
  if (byKey.size !== principals.length) throw new Error('Zwei Prinzipale hätten denselben Zugangsschlüssel');
  // Secrets Manager has no local stand-in: each secret of the templates gets a fresh value, answered by the recorder.
  const secretValue = randomBytes(32).toString('base64url');
  const secrets = new Map(
    assembly.stacks.flatMap((stack) =>
      Object.entries(stack.template.Resources)
        .filter(([, resource]) => resource.Type === 'AWS::SecretsManager::Secret')
        .map(([logicalId]) => [resolver.arn(stack, logicalId), secretValue] as const),
    ),
  );

  let runtime: LocalRuntime | undefined;
  const recorder = await startRecorder({
    host: '127.0.0.1',
    region,
    account: REHEARSAL_ACCOUNT,
    principalOf: (key) => byKey.get(key),
    upstream: () => {
      if (runtime === undefined) throw new Error('Die lokale Umgebung läuft noch nicht');
      return { dynamodb: runtime.endpoints.dynamodb, states: runtime.endpoints.stepfunctions, ses: runtime.endpoints.ses };
    },
    secrets,
  });
  const appPort = await freePort();
  const clock = new RehearsalClock();
  const bundles = new BundledFunctions(stageBundles(functions, join(options.dataDir, 'bundles')), {
    region,
    endpoint: recorder.url,
    // Mail links point at the local app (as `-c appUrl=` would at the stage's); quieter logs than the template's INFO.
    overrides: { APP_URL: `http://127.0.0.1:${appPort}`, POWERTOOLS_LOG_LEVEL: 'WARN', POWERTOOLS_METRICS_DISABLED: 'true' },
    clock: clock.shared,
  });

  const apiHandlers: Record<string, ApiHandler> = {};
  for (const fn of functions) apiHandlers[routeName(fn)] = bundles.handler(fn.id) as ApiHandler;
  const missing = [...new Set(API_ROUTES.map((route) => route.functionName))].filter((name) => apiHandlers[name] === undefined);
  if (missing.length > 0) throw new Error(`Routen ohne Funktion im Template: ${missing.join(', ')}`);
  const taskHandlers: Record<string, LocalLambdaHandler> = Object.fromEntries(functions.map((fn) => [fn.functionName, bundles.handler(fn.id)]));
  const functionByArn = new Map(functions.map((fn) => [fn.functionArn, fn]));
  const machineByArn = new Map(stateMachines.map((sm) => [sm.stateMachineArn, sm]));

  // What a state machine does itself: invoke functions and call DynamoDB directly, as its role.
  const onTask = (stateMachineArn: string, resource: string, parameters: unknown): void => {
    const machine = machineByArn.get(stateMachineArn);
    if (machine === undefined) throw new Error(`Unbekannte Zustandsmaschine ${stateMachineArn}`);
    const body = isRecord(parameters) && isRecord(parameters.parameters) ? parameters.parameters : parameters;
    const base = resource.replace(/\.waitForTaskToken$/, '');
    if (base === 'arn:aws:states:::lambda:invoke' && isRecord(body) && typeof body.FunctionName === 'string') {
      const target = functionByArn.get(body.FunctionName.replace(/:(\$LATEST|\d+)$/, ''));
      recorder.note({ principal: machine.id, action: 'lambda:InvokeFunction', resource: target?.functionArn ?? body.FunctionName });
      return;
    }
    const operation = /^arn:aws:states:::dynamodb:(\w+)$/.exec(base)?.[1];
    if (operation !== undefined && isRecord(body) && typeof body.TableName === 'string') {
      const action = `dynamodb:${operation.charAt(0).toUpperCase()}${operation.slice(1)}`;
      recorder.note({ principal: machine.id, action, resource: `arn:aws:dynamodb:${region}:${REHEARSAL_ACCOUNT}:table/${body.TableName}` });
      return;
    }
    recorder.note({ principal: machine.id, action: `states:${resource}`, resource: '*' });
  };

  try {
    runtime = await startLocalRuntime({
      profile: options.profile,
      demo: options.demo,
      clock,
      tokenClock: clock,
      tableName,
      region,
      accountId: REHEARSAL_ACCOUNT,
      host: '127.0.0.1',
      dataDir: options.dataDir,
      ports: { app: { port: appPort, variable: 'PORT' }, stepfunctions: { port: 0, variable: 'STEPFUNCTIONS_PORT' }, ses: { port: 0, variable: 'SES_PORT' } },
      dynamodb: options.dynamodbEndpoint === undefined ? { start: { port: 0, variable: 'DYNAMODB_PORT', inMemory: true } } : { endpoint: options.dynamodbEndpoint },
      web: false,
      background: false,
      linkSecret: () => Promise.resolve(secretValue),
      retryPauseMs: 0,
      log: options.log,
      deployment: {
        apiHandlers,
        taskHandlers,
        definitions: stateMachines.map((sm) => ({ name: sm.stateMachineName, definitionText: sm.definition })),
        onTask,
      },
    });
  } catch (error) {
    await Promise.all([bundles.stop(), recorder.close()]);
    throw error;
  }
  const running = runtime;

  return {
    runtime: running,
    demo: options.demo,
    principals,
    recorder,
    clock,
    linkSecret: secretValue,
    async runSchedule(scheduleId) {
      const schedule = principals.find((p): p is SchedulePrincipal => p.kind === 'schedule' && p.id === scheduleId);
      if (schedule === undefined) throw new Error(`Zeitplan ${scheduleId} fehlt in der Cloud Assembly`);
      const client = new SFNClient({ region, endpoint: recorder.url, credentials: { accessKeyId: accessKeyOf(schedule.id), secretAccessKey: 'rehearsal' } });
      try {
        const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn: schedule.targetArn, input: schedule.input }));
        return executionArn ?? '';
      } finally {
        client.destroy();
      }
    },
    report: () =>
      checkCalls({
        principals,
        calls: [...recorder.calls, ...platformCalls(principals, recorder.calls, { invoked: bundles.invoked, tableKeys: keys, region })],
        resourcePolicies: resourcePolicies(assembly, resolver),
        explained: platformGrants(principals),
      }),
    async stop() {
      await running.stop();
      await bundles.stop();
      await recorder.close();
    },
  };
}
