/**
 * The system in the bench's process, wired the way local/runtime.ts wires `npm start` (without vitest): DynamoDB
 * Local of its own on a free port (in memory), the table with profile and demo data, the local Step Functions
 * endpoint running the real ASL files with the real task handlers, the local SES endpoint, the dependencies the
 * handlers use, and the local API gateway with signed tokens — on a manual clock, so no timer fires unless moved.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ManualClock } from '../../core/clock.ts';
import { createDocumentClient, createDynamoDbClient } from '../../core/adapters/aws-clients.ts';
import { buildDependencies, provideDependencies, type Dependencies } from '../../functions/_shared/dependencies/all.ts';
import { ProfileStore } from '../../core/adapters/profile-store.ts';
import type { DemoData, StaffMember } from '../../core/profile/demo-data-schema.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import type { DistrictProfile } from '../../core/profile/schema.ts';
import { API_ROUTES } from '../../functions/api-routes.ts';
import { apiGatewayListener } from '../../local/api-gateway.ts';
import { openLocalIssuer, type LocalIssuer } from '../../local/auth/local-issuer.ts';
import { loadDemoData } from '../../local/demo/load-demo-data.ts';
import { startDynamoDbLocal } from '../../local/dynamodb-local.ts';
import { ensureTable } from '../../local/ensure-table.ts';
import { localHandlers, localTaskFunctions } from '../../local/functions.ts';
import { listen } from '../../local/http-server.ts';
import { STATE_MACHINES_DIR, stateMachineArn } from '../../local/runtime.ts';
import { LocalSes, sesRequestListener } from '../../local/ses/local-ses.ts';
import { stepFunctionsRequestListener } from '../../local/stepfunctions/endpoint.ts';
import { LocalStepFunctions } from '../../local/stepfunctions/local-step-functions.ts';
import { freePort } from '../fixtures/free-port.ts';

export const REGION = 'eu-central-1';
export const ACCOUNT = '000000000000';
export const INTAKE_MACHINE_ARN = stateMachineArn({ region: REGION, accountId: ACCOUNT }, 'intake-to-referral');
/** The task function running (by name), for attributing SDK calls to the workflow's steps. */
export const runningTask = new AsyncLocalStorage<string>();
/** A Tuesday, 09:00 in Düren: a working day within office hours. */
export const BENCH_START = '2026-11-24T08:00:00Z';

export interface ApiAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export interface LocalSystem {
  readonly profile: DistrictProfile;
  readonly demo: DemoData;
  readonly clock: ManualClock;
  readonly tableName: string;
  readonly dynamodbEndpoint: string;
  /** The bench's own client on the same DynamoDB Local (raw writes, extra tables). */
  readonly dynamodb: DynamoDBClient;
  readonly engine: LocalStepFunctions;
  readonly deps: Dependencies;
  readonly issuer: LocalIssuer;
  readonly apiUrl: string;
  readonly linkSecret: string;
  staff(roleOrId: string): StaffMember;
  api(method: string, path: string, as: string, body?: unknown): Promise<ApiAnswer>;
  stop(): Promise<void>;
}

export async function startLocalSystem(): Promise<LocalSystem> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kim-bench-'));
  const profile = bundledProfile();
  const demo = loadDemoData(profile);
  const clock = new ManualClock(BENCH_START);
  const tableName = 'kim-bench';
  const linkSecret = randomBytes(32).toString('hex');
  const stops: (() => Promise<void>)[] = [
    () => {
      rmSync(dataDir, { recursive: true, force: true });
      return Promise.resolve();
    },
  ];
  const stop = async (): Promise<void> => {
    while (stops.length > 0) await stops.pop()?.();
  };
  try {
    const dynamoLocal = await startDynamoDbLocal({
      port: await freePort(),
      portVariable: 'the bench’s DynamoDB Local port',
      client: (endpoint) => createDynamoDbClient({ region: REGION, endpoint }),
    });
    stops.push(() => dynamoLocal.stop());
    const dynamodb = createDynamoDbClient({ region: REGION, endpoint: dynamoLocal.endpoint });
    stops.push(() => {
      dynamodb.destroy();
      return Promise.resolve();
    });
    await ensureTable(dynamodb, tableName);
    const store = new ProfileStore(createDocumentClient(dynamodb), tableName);
    await store.syncProfile(profile, clock.now());
    await store.ensureDemoData(demo, clock.now());

    const outbox = new LocalSes(join(dataDir, 'outbox'), clock);
    const sesServer = await listen(sesRequestListener(outbox), '127.0.0.1', 0, 'SES_PORT');
    stops.push(() => sesServer.close());
    const tasks = localTaskFunctions(REGION, ACCOUNT);
    const engine = new LocalStepFunctions({
      stateMachinesDir: STATE_MACHINES_DIR,
      substitutions: { TableName: tableName, ...tasks.substitutions },
      lambdas: Object.fromEntries(Object.entries(tasks.lambdas).map(([name, run]) => [name, (input, context) => runningTask.run(name, () => run(input, context))])),
      dynamodb,
      clock,
      region: REGION,
      accountId: ACCOUNT,
      retryPauseMs: 0,
    });
    const sfnServer = await listen(stepFunctionsRequestListener(engine), '127.0.0.1', 0, 'STEPFUNCTIONS_PORT');
    stops.push(async () => {
      await engine.shutdown();
      await sfnServer.close();
    });

    const deps = buildDependencies({
      profile,
      clock,
      tableName,
      region: REGION,
      intakeStateMachineArn: INTAKE_MACHINE_ARN,
      mailFrom: `${profile.district.coordination.name} <${profile.district.coordination.contact.email}>`,
      appUrl: 'http://127.0.0.1:3000',
      linkSecret: () => Promise.resolve(linkSecret),
      endpoints: { dynamodb: dynamoLocal.endpoint, stepfunctions: sfnServer.url, ses: sesServer.url },
    });
    provideDependencies(deps);
    stops.push(() => {
      deps.documents.destroy();
      deps.sfn.destroy();
      return Promise.resolve();
    });

    const issuer = openLocalIssuer(dataDir);
    const api = apiGatewayListener({ routes: API_ROUTES, handlers: localHandlers(), issuer, clock });
    const apiServer = await listen(
      async (request, response) => {
        if (!(await api(request, response))) {
          response.statusCode = 404;
          response.end();
        }
      },
      '127.0.0.1',
      0,
      'PORT',
    );
    stops.push(() => apiServer.close());

    const staff = (roleOrId: string): StaffMember => {
      const found = demo.staff.find((s) => s.id === roleOrId || s.role === roleOrId);
      if (found === undefined) throw new Error(`no demo staff ${roleOrId}`);
      return found;
    };
    return {
      profile,
      demo,
      clock,
      tableName,
      dynamodbEndpoint: dynamoLocal.endpoint,
      dynamodb,
      engine,
      deps,
      issuer,
      apiUrl: apiServer.url,
      linkSecret,
      staff,
      async api(method, path, as, body) {
        const token = await issuer.mintToken(staff(as), clock.now());
        const response = await fetch(`${apiServer.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await response.text();
        return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Polls `probe` until it answers something other than undefined (real time). Unlike tests/fixtures/eventually.ts it
 * polls every 5 ms (the intake part waits for each workflow between measurements) and names what it waited for.
 */
export async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A valid intake (as intake staff would submit it), arriving a month before `now`. */
export function intakeBody(now: Date, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const arrival = new Date(now.getTime() - 30 * 86_400_000).toISOString().slice(0, 10);
  return {
    familyName: 'Haddad',
    givenNames: 'Rana',
    dateOfBirth: '1988-03-02',
    nationality: 'SY',
    languages: ['ar'],
    interpreterNeeded: true,
    municipalityId: 'kreuzau',
    residenceStatus: 'protection',
    arrivalDate: arrival,
    requestedFocusArea: 'welcome',
    needs: { categories: ['language', 'childcare-school'] },
    crisis: false,
    consentToProcessing: true,
    ...overrides,
  };
}
