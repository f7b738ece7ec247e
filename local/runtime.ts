/**
 * The system on this machine, wired once: DynamoDB Local (started here or already running), the table with profile
 * and demo data, the local Step Functions endpoint running the real ASL files with the real task handlers, the
 * local SES endpoint writing an outbox, the dependencies every handler takes (the same parts Lambda builds, pointed
 * at the local endpoints) and the app server with the local API gateway. `npm start` (local/start.ts), the workflow
 * tests (tests/fixtures/workflow-harness.ts) and the bench (tests/bench/local-system.ts) all start it here and
 * differ only in their options: a scaled or a manual clock, pages or the API alone, background work or none.
 */
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Clock } from '../core/clock.ts';
import { createDocumentClient, createDynamoDbClient, createSesClient } from '../core/adapters/aws-clients.ts';
import { ProfileStore } from '../core/adapters/profile-store.ts';
import type { DemoData } from '../core/profile/demo-data-schema.ts';
import type { DistrictProfile } from '../core/profile/schema.ts';
import { resumeOpenCases } from '../core/workflow/resume-cases.ts';
import { API_ROUTES } from '../functions/api-routes.ts';
import { buildDependencies, provideDependencies, type Dependencies } from '../functions/_shared/dependencies/all.ts';
import { buildWeb } from '../web/build.ts';
import { apiGatewayListener, type ApiHandler } from './api-gateway.ts';
import { openLocalIssuer, type LocalIssuer } from './auth/local-issuer.ts';
import { signInListener } from './auth/sign-in-page.ts';
import { ConfigError } from './config.ts';
import { devServerRequestListener } from './dev-server.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { endStaleDynamoDbLocal } from './dynamodb-pid-file.ts';
import { ensureTable } from './ensure-table.ts';
import { localHandlers, localTaskFunctions } from './functions.ts';
import { assertPortFree, freePort, listen, type RunningServer } from './http-server.ts';
import { startMeetingSchedule, startSweepSchedule } from './schedules.ts';
import { LocalSes, sesRequestListener } from './ses/local-ses.ts';
import { stepFunctionsRequestListener } from './stepfunctions/endpoint.ts';
import { LocalStepFunctions } from './stepfunctions/local-step-functions.ts';
import type { LocalLambdaHandler } from './stepfunctions/task-integrations.ts';

export const stateMachineArn = (config: { readonly region: string; readonly accountId: string }, name: string): string =>
  `arn:aws:states:${config.region}:${config.accountId}:stateMachine:${name}`;

export const STATE_MACHINES_DIR = fileURLToPath(new URL('../state-machines/', import.meta.url));

export interface Endpoints {
  readonly app: string;
  readonly dynamodb: string;
  readonly stepfunctions: string;
  readonly ses: string;
  readonly outbox: string;
}

/** A port and the environment variable that sets it, for messages about a port already in use; 0 = any free port. */
export interface PortSetting {
  readonly port: number;
  readonly variable: string;
}

export interface LocalRuntimeOptions {
  readonly profile: DistrictProfile;
  readonly demo: DemoData;
  readonly clock: Clock;
  readonly tableName: string;
  readonly region: string;
  readonly accountId: string;
  readonly host: string;
  /** Outbox and, unless DynamoDB Local runs in memory or elsewhere, its files; the local sign-in keys. */
  readonly dataDir: string;
  readonly ports: { readonly app: PortSetting; readonly stepfunctions: PortSetting; readonly ses: PortSetting };
  /** Start DynamoDB Local here (data on disk under dataDir, or in memory), or use one that runs already. */
  readonly dynamodb: { readonly start: PortSetting & { readonly inMemory: boolean } } | { readonly endpoint: string };
  /** Build and serve the pages, the sign-in page and the outbox (npm start); otherwise the API alone. */
  readonly web: boolean;
  /** npm start: resume open cases whose execution was lost, and run the meeting reconciler and the case sweeper on the clock. */
  readonly background: boolean;
  /** Tokens are minted and checked on this clock (npm start: real time, so `npm run token` works alongside). */
  readonly tokenClock: Clock;
  /** The key that signs RSVP links and calendar-feed URLs. */
  readonly linkSecret: () => Promise<string>;
  /** Pause between retries of a failed task; tests and the bench do not wait. */
  readonly retryPauseMs?: number;
  /** Wraps each task handler, e.g. to attribute SDK calls to workflow steps (the bench). */
  readonly wrapTask?: (name: string, run: LocalLambdaHandler) => LocalLambdaHandler;
  readonly log: (line: string) => void;
  /** npm start: DynamoDB Local is restarted when it ends unexpectedly; this is called when that keeps failing. */
  readonly onFatal?: (message: string) => void;
  /**
   * The deploy rehearsal (local/rehearsal/): the bundled handlers from cdk.out and the templates' state machines run
   * instead of the sources' handlers and the ASL files; onTask sees each task a state machine runs.
   */
  readonly deployment?: {
    readonly apiHandlers: Readonly<Record<string, ApiHandler>>;
    readonly taskHandlers: Readonly<Record<string, LocalLambdaHandler>>;
    readonly definitions: readonly { readonly name: string; readonly definitionText: string }[];
    readonly onTask?: (stateMachineArn: string, resource: string, parameters: unknown) => void;
  };
}

export interface LocalRuntime {
  readonly endpoints: Endpoints;
  readonly clock: Clock;
  readonly deps: Dependencies;
  readonly dynamodb: DynamoDBClient;
  readonly issuer: LocalIssuer;
  readonly outbox: LocalSes;
  engine: LocalStepFunctions;
  /** A fresh engine without executions, on the same port — what a restart of `npm start` leaves behind. */
  restartEngine(): Promise<void>;
  stop(): Promise<void>;
}

function writableDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
  } catch {
    throw new ConfigError(`Das Datenverzeichnis ${dataDir} (KIM_DATA_DIR) kann nicht angelegt oder beschrieben werden.`);
  }
}

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const { profile, demo, clock, tableName, region, accountId, host, log } = options;
  // Everything that can be wrong without starting anything is checked first.
  const fixedPorts = [...Object.values(options.ports), ...('start' in options.dynamodb ? [options.dynamodb.start] : [])].filter((p) => p.port !== 0);
  const dynamoDataDir = join(options.dataDir, 'dynamodb');
  // One left behind by a kill -9 of the last npm start holds its port: end it before the ports are checked.
  if ('start' in options.dynamodb && !options.dynamodb.start.inMemory) await endStaleDynamoDbLocal(dynamoDataDir, log);
  for (const setting of fixedPorts) await assertPortFree(setting.port, setting.variable);

  const stops: (() => Promise<void>)[] = [];
  // Idempotent, in reverse order of start, and one failing step never skips the rest (DynamoDB Local must stop).
  const stop = async (): Promise<void> => {
    while (stops.length > 0) {
      const step = stops.pop();
      try {
        await step?.();
      } catch (error) {
        log(`Fehler beim Beenden: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  try {
    writableDataDir(options.dataDir);
    // The pages carry the profile (intake form, profile.json): built per data dir, so two npm starts with
    // different profiles (the e2e tests run in parallel) never serve each other's pages.
    const webDir = join(options.dataDir, 'web');
    const webBuilt = options.web ? buildWeb(webDir, profile) : Promise.resolve();
    // Awaited later; a failure must not become an unhandled rejection while DynamoDB Local starts.
    webBuilt.catch(() => undefined);

    let dynamodbEndpoint: string;
    if ('start' in options.dynamodb) {
      const { start } = options.dynamodb;
      const dynamoLocal = await startDynamoDbLocal({
        // DynamoDB Local takes no port 0: "any free port" is chosen here.
        port: start.port === 0 ? await freePort() : start.port,
        ...(start.inMemory ? {} : { dataDir: dynamoDataDir }),
        portVariable: start.variable,
        client: (endpoint) => createDynamoDbClient({ region, endpoint }),
        log,
        ...(options.onFatal === undefined ? {} : { supervise: { giveUp: options.onFatal } }),
      });
      stops.push(() => dynamoLocal.stop());
      log(`DynamoDB Local läuft (${dynamoLocal.endpoint}).`);
      dynamodbEndpoint = dynamoLocal.endpoint;
    } else {
      dynamodbEndpoint = options.dynamodb.endpoint;
    }
    const dynamodb = createDynamoDbClient({ region, endpoint: dynamodbEndpoint });
    stops.push(() => {
      dynamodb.destroy();
      return Promise.resolve();
    });
    const table = await ensureTable(dynamodb, tableName);
    const store = new ProfileStore(createDocumentClient(dynamodb), tableName);
    const profileResult = await store.syncProfile(profile, clock.now());
    const demoResult = await store.ensureDemoData(demo, clock.now());
    log(
      `Tabelle ${tableName}: ${table === 'created' ? 'angelegt' : table === 'updated' ? 'aktualisiert' : 'vorhanden'}; ` +
        `Profil ${profileResult.created} neu, ${profileResult.updated} geändert; Demo-Daten ${demoResult.created} neu.`,
    );

    const outbox = new LocalSes(join(options.dataDir, 'outbox'), clock);
    const sesServer = await listen(sesRequestListener(outbox), host, options.ports.ses.port, options.ports.ses.variable);
    stops.push(() => sesServer.close());

    const tasks = localTaskFunctions(region, accountId);
    const sourceLambdas = options.deployment?.taskHandlers ?? tasks.lambdas;
    const lambdas = options.wrapTask === undefined ? sourceLambdas : Object.fromEntries(Object.entries(sourceLambdas).map(([name, run]) => [name, options.wrapTask?.(name, run) ?? run]));
    const newEngine = (): LocalStepFunctions =>
      new LocalStepFunctions({
        stateMachinesDir: STATE_MACHINES_DIR,
        substitutions: { TableName: tableName, ...tasks.substitutions },
        lambdas,
        dynamodb,
        clock,
        region,
        accountId,
        ...(options.retryPauseMs === undefined ? {} : { retryPauseMs: options.retryPauseMs }),
        ...(options.deployment === undefined ? {} : { definitions: options.deployment.definitions, ...(options.deployment.onTask === undefined ? {} : { onTask: options.deployment.onTask }) }),
      });
    let engine = newEngine();
    let sfnServer: RunningServer = await listen(stepFunctionsRequestListener(engine), host, options.ports.stepfunctions.port, options.ports.stepfunctions.variable);
    stops.push(async () => {
      await engine.shutdown();
      await sfnServer.close();
    });

    const issuer = openLocalIssuer(options.dataDir);
    const api = apiGatewayListener({ routes: API_ROUTES, handlers: options.deployment?.apiHandlers ?? localHandlers(), issuer, clock: options.tokenClock });
    // The app's port is known before the dependencies are built (mail links name it): listen first, answer once ready.
    let answer: ((...args: Parameters<ReturnType<typeof devServerRequestListener>>) => Promise<void>) | undefined;
    const app = await listen(
      async (request, response) => {
        if (answer !== undefined) {
          await answer(request, response);
          return;
        }
        response.statusCode = 503;
        response.end();
      },
      host,
      options.ports.app.port,
      options.ports.app.variable,
    );
    stops.push(() => app.close());

    // The handlers run in this process: they get the runtime's clock and the local endpoints.
    const deps = buildDependencies({
      profile,
      clock,
      tableName,
      region,
      intakeStateMachineArn: stateMachineArn({ region, accountId }, 'intake-to-referral'),
      mailFrom: `${profile.district.coordination.name} <${profile.district.coordination.contact.email}>`,
      appUrl: app.url,
      linkSecret: options.linkSecret,
      endpoints: { dynamodb: dynamodbEndpoint, stepfunctions: sfnServer.url, ses: sesServer.url },
    });
    provideDependencies(deps);
    stops.push(() => {
      deps.documents.destroy();
      deps.sfn.destroy();
      return Promise.resolve();
    });

    if (options.web) {
      // The health check asks Step Functions with the handlers' own client; SES has none of its own there (the mailer).
      const ses = createSesClient({ region, endpoint: sesServer.url });
      stops.push(() => {
        ses.destroy();
        return Promise.resolve();
      });
      const signIn = signInListener({ staff: demo.staff, providers: profile.providers, issuer, clock: options.tokenClock });
      await webBuilt;
      answer = devServerRequestListener({ dynamodb, sfn: deps.sfn, ses, tableName, outbox, webDir, api, signIn });
    } else {
      answer = async (request, response) => {
        if (await api(request, response)) return;
        response.statusCode = 404;
        response.end();
      };
    }

    const endpoints: Endpoints = { app: app.url, dynamodb: dynamodbEndpoint, stepfunctions: sfnServer.url, ses: sesServer.url, outbox: outbox.outboxDir };
    if (options.background) {
      const resumed = await resumeOpenCases(deps);
      if (resumed > 0) log(`${resumed} offene(r) Fall/Fälle nach dem Neustart fortgesetzt.`);
      // EventBridge Scheduler's job in AWS: the meeting reconciler every 15 minutes, here on the runtime's clock.
      const schedule = startMeetingSchedule({ sfn: deps.sfn, stateMachineArn: stateMachineArn({ region, accountId }, 'meeting-notifications'), clock, log });
      stops.push(() => schedule.stop());
      // Its job in AWS too (sweeper stack): restart open cases whose execution ended, renew old ones, once a day.
      const sweep = startSweepSchedule({ sfn: deps.sfn, stateMachineArn: stateMachineArn({ region, accountId }, 'case-sweeper'), clock, log });
      stops.push(() => sweep.stop());
      writeFileSync(join(options.dataDir, 'endpoints.json'), `${JSON.stringify(endpoints, null, 2)}\n`);
    }
    const runtime: LocalRuntime = {
      endpoints,
      clock,
      deps,
      dynamodb,
      issuer,
      outbox,
      engine,
      async restartEngine() {
        await engine.shutdown();
        await sfnServer.close();
        engine = newEngine();
        runtime.engine = engine;
        // Same port, so the dependencies' SFN client keeps working.
        sfnServer = await listen(stepFunctionsRequestListener(engine), host, Number(new URL(sfnServer.url).port), options.ports.stepfunctions.variable);
      },
      stop,
    };
    return runtime;
  } catch (error) {
    // A half-started runtime must not leave DynamoDB Local (a Java process) behind.
    await stop();
    throw error;
  }
}
