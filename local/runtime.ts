/**
 * The embedded runtime behind `npm start`: DynamoDB Local, the table, profile + demo data, the local Step
 * Functions and SES endpoints and the app server, started in order and stopped in reverse.
 */
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scaledClock, systemClock, type Clock } from '../core/clock.ts';
import { createDocumentClient, createDynamoDbClient, createSesClient, createSfnClient } from '../core/adapters/aws-clients.ts';
import { ProfileStore } from '../core/adapters/profile-store.ts';
import { loadProfileFile } from '../core/profile/load-profile.ts';
import { API_ROUTES } from '../functions/api-routes.ts';
import { buildWeb, WEB_OUT_DIR } from '../web/build.ts';
import { apiGatewayListener } from './api-gateway.ts';
import { openLocalIssuer } from './auth/local-issuer.ts';
import { signInListener } from './auth/sign-in-page.ts';
import { ConfigError, PORT_VARIABLES, type LocalConfig } from './config.ts';
import { loadDemoData } from './demo/load-demo-data.ts';
import { devServerRequestListener } from './dev-server.ts';
import { localHandlers, localTaskFunctions } from './functions.ts';
import { buildDependencies, provideDependencies } from '../functions/_shared/dependencies/all.ts';
import { resumeOpenCases } from '../core/workflow/resume-cases.ts';
import { localLinkSecret } from './auth/create-once.ts';
import { startMeetingSchedule } from './meeting-schedule.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { ensureTable } from './ensure-table.ts';
import { assertPortFree, listen } from './http-server.ts';
import { LocalSes, sesRequestListener } from './ses/local-ses.ts';
import { stepFunctionsRequestListener } from './stepfunctions/endpoint.ts';
import { LocalStepFunctions } from './stepfunctions/local-step-functions.ts';

export const stateMachineArn = (config: Pick<LocalConfig, 'region' | 'accountId'>, name: string): string =>
  `arn:aws:states:${config.region}:${config.accountId}:stateMachine:${name}`;

export const STATE_MACHINES_DIR = fileURLToPath(new URL('../state-machines/', import.meta.url));

export interface Endpoints {
  readonly app: string;
  readonly dynamodb: string;
  readonly stepfunctions: string;
  readonly ses: string;
  readonly outbox: string;
}

export interface LocalRuntime {
  readonly endpoints: Endpoints;
  readonly clock: Clock;
  stop(): Promise<void>;
}

export async function startLocalRuntime(config: LocalConfig, log: (line: string) => void): Promise<LocalRuntime> {
  // Everything that can be wrong without starting anything is checked first: profile, demo data, ports.
  const profile = loadProfileFile(config.profilePath);
  const demo = loadDemoData(profile);
  for (const [name, port] of Object.entries(config.ports) as [keyof typeof PORT_VARIABLES, number][]) {
    await assertPortFree(port, PORT_VARIABLES[name]);
  }

  const clock = scaledClock(config.timeScale);
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
    try {
      mkdirSync(config.dataDir, { recursive: true });
      accessSync(config.dataDir, constants.W_OK);
    } catch {
      throw new ConfigError(`Das Datenverzeichnis ${config.dataDir} (KIM_DATA_DIR) kann nicht angelegt oder beschrieben werden.`);
    }
    const webBuilt = buildWeb(WEB_OUT_DIR, profile);
    // Awaited later; a failure must not become an unhandled rejection while DynamoDB Local starts.
    webBuilt.catch(() => undefined);
    const dynamoLocal = await startDynamoDbLocal({
      port: config.ports.dynamodb,
      dataDir: join(config.dataDir, 'dynamodb'),
      portVariable: PORT_VARIABLES.dynamodb,
      client: (endpoint) => createDynamoDbClient({ region: config.region, endpoint }),
    });
    stops.push(() => dynamoLocal.stop());
    log(`DynamoDB Local läuft (${dynamoLocal.endpoint}).`);

    const dynamodb = createDynamoDbClient({ region: config.region, endpoint: dynamoLocal.endpoint });
    stops.push(() => {
      dynamodb.destroy();
      return Promise.resolve();
    });
    const table = await ensureTable(dynamodb, config.tableName);
    const store = new ProfileStore(createDocumentClient(dynamodb), config.tableName);
    const profileResult = await store.syncProfile(profile, clock.now());
    const demoResult = await store.ensureDemoData(demo, clock.now());
    log(
      `Tabelle ${config.tableName}: ${table === 'created' ? 'angelegt' : table === 'updated' ? 'aktualisiert' : 'vorhanden'}; ` +
        `Profil ${profileResult.created} neu, ${profileResult.updated} geändert; Demo-Daten ${demoResult.created} neu.`,
    );

    const appUrl = `http://${config.host}:${config.ports.app}`;
    const linkSecret = localLinkSecret(config.dataDir);
    const stepfunctionsUrl = `http://${config.host}:${config.ports.stepfunctions}`;
    const sesUrl = `http://${config.host}:${config.ports.ses}`;
    // The handlers run in this process: they get the runtime's clock and the local endpoints.
    const deps = buildDependencies({
      profile,
      clock,
      tableName: config.tableName,
      region: config.region,
      intakeStateMachineArn: stateMachineArn(config, 'intake-to-referral'),
      mailFrom: `${profile.district.coordination.name} <${profile.district.coordination.contact.email}>`,
      appUrl,
      linkSecret: () => Promise.resolve(linkSecret),
      endpoints: { dynamodb: dynamoLocal.endpoint, stepfunctions: stepfunctionsUrl, ses: sesUrl },
    });
    provideDependencies(deps);
    const tasks = localTaskFunctions(config.region, config.accountId);
    const stepFunctions = new LocalStepFunctions({
      stateMachinesDir: STATE_MACHINES_DIR,
      substitutions: { TableName: config.tableName, ...tasks.substitutions },
      lambdas: tasks.lambdas,
      dynamodb,
      clock,
      region: config.region,
      accountId: config.accountId,
    });
    stops.push(() => stepFunctions.shutdown());
    const sfnServer = await listen(stepFunctionsRequestListener(stepFunctions), config.host, config.ports.stepfunctions, PORT_VARIABLES.stepfunctions);
    stops.push(() => sfnServer.close());

    const outbox = new LocalSes(join(config.dataDir, 'outbox'), clock);
    const sesServer = await listen(sesRequestListener(outbox), config.host, config.ports.ses, PORT_VARIABLES.ses);
    stops.push(() => sesServer.close());

    const sfn = createSfnClient({ region: config.region, endpoint: sfnServer.url });
    const ses = createSesClient({ region: config.region, endpoint: sesServer.url });
    stops.push(() => {
      sfn.destroy();
      ses.destroy();
      return Promise.resolve();
    });

    // Tokens are minted and checked on real time, not the scaled clock: `npm run token` (another process) cannot
    // know the scaled time, and under KIM_TIME_SCALE a token would otherwise expire within seconds.
    const issuer = openLocalIssuer(config.dataDir);
    const api = apiGatewayListener({ routes: API_ROUTES, handlers: localHandlers(), issuer, clock: systemClock });
    const signIn = signInListener({ staff: demo.staff, providers: profile.providers, issuer, clock: systemClock });

    await webBuilt;
    const app = await listen(
      devServerRequestListener({ dynamodb, sfn, ses, tableName: config.tableName, outbox, webDir: WEB_OUT_DIR, api, signIn }),
      config.host,
      config.ports.app,
      PORT_VARIABLES.app,
    );
    stops.push(() => app.close());

    const endpoints: Endpoints = {
      app: app.url,
      dynamodb: dynamoLocal.endpoint,
      stepfunctions: sfnServer.url,
      ses: sesServer.url,
      outbox: outbox.outboxDir,
    };
    const resumed = await resumeOpenCases(deps);
    // EventBridge Scheduler's job in AWS: the meeting reconciler every 15 minutes, here on the runtime's clock.
    const schedule = startMeetingSchedule({ sfn, stateMachineArn: stateMachineArn(config, 'meeting-notifications'), clock, log });
    stops.push(() => schedule.stop());
    if (resumed > 0) log(`${resumed} offene(r) Fall/Fälle nach dem Neustart fortgesetzt.`);
    writeFileSync(join(config.dataDir, 'endpoints.json'), `${JSON.stringify(endpoints, null, 2)}\n`);
    return { endpoints, clock, stop };
  } catch (error) {
    // A half-started runtime must not leave DynamoDB Local (a Java process) behind.
    await stop();
    throw error;
  }
}
