/**
 * The embedded runtime behind `npm start`: DynamoDB Local, the table, profile + demo data, the local Step
 * Functions and SES endpoints and the app server, started in order and stopped in reverse.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scaledClock, type Clock } from '../core/clock.ts';
import { createDocumentClient, createDynamoDbClient, createSesClient, createSfnClient } from '../core/adapters/aws-clients.ts';
import { ProfileStore } from '../core/adapters/profile-store.ts';
import { loadProfileFile } from '../core/profile/load-profile.ts';
import { buildWeb, WEB_OUT_DIR } from '../web/build.ts';
import { PORT_VARIABLES, type LocalConfig } from './config.ts';
import { loadDemoData } from './demo/load-demo-data.ts';
import { devServerRequestListener } from './dev-server.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { ensureTable } from './ensure-table.ts';
import { assertPortFree, listen } from './http-server.ts';
import { LocalSes, sesRequestListener } from './ses/local-ses.ts';
import { stepFunctionsRequestListener } from './stepfunctions/endpoint.ts';
import { LocalStepFunctions } from './stepfunctions/local-step-functions.ts';

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
  const stop = async (): Promise<void> => {
    for (const step of stops.reverse()) await step();
  };
  try {
    mkdirSync(config.dataDir, { recursive: true });
    const webBuilt = buildWeb(WEB_OUT_DIR);
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

    const stepFunctions = new LocalStepFunctions({
      stateMachinesDir: STATE_MACHINES_DIR,
      // The workflows' functions and placeholders are registered here as their issues add them.
      substitutions: { TableName: config.tableName },
      lambdas: {},
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

    await webBuilt;
    const app = await listen(
      devServerRequestListener({ dynamodb, sfn, ses, tableName: config.tableName, outbox, webDir: WEB_OUT_DIR }),
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
    writeFileSync(join(config.dataDir, 'endpoints.json'), `${JSON.stringify(endpoints, null, 2)}\n`);
    return { endpoints, clock, stop };
  } catch (error) {
    // A half-started runtime must not leave DynamoDB Local (a Java process) behind.
    await stop();
    throw error;
  }
}
