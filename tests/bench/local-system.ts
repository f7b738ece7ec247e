/**
 * The system in the bench's process, started by the same runtime as `npm start` (local/runtime.ts), without vitest:
 * DynamoDB Local of its own on a free port (in memory), the table with profile and demo data, the local Step
 * Functions endpoint running the real ASL files with the real task handlers (each run inside `runningTask`, so SDK
 * calls are attributed to workflow steps), the local SES endpoint, the dependencies the handlers use, and the local
 * API gateway with signed tokens — on a manual clock, so no timer fires unless moved.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ManualClock } from '../../core/clock.ts';
import type { DemoData, StaffMember } from '../../core/profile/demo-data-schema.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import type { DistrictProfile } from '../../core/profile/schema.ts';
import type { Dependencies } from '../../functions/_shared/dependencies/all.ts';
import type { LocalIssuer } from '../../local/auth/local-issuer.ts';
import { apiAs, type ApiAnswer } from '../../local/api-as.ts';
import { loadDemoData } from '../../local/demo/load-demo-data.ts';
import { sampleIntake } from '../../local/demo/sample-intake.ts';
import { startLocalRuntime, stateMachineArn } from '../../local/runtime.ts';
import type { LocalStepFunctions } from '../../local/stepfunctions/local-step-functions.ts';

export const REGION = 'eu-central-1';
export const ACCOUNT = '000000000000';
export const INTAKE_MACHINE_ARN = stateMachineArn({ region: REGION, accountId: ACCOUNT }, 'intake-to-referral');
/** The task function running (by name), for attributing SDK calls to the workflow's steps. */
export const runningTask = new AsyncLocalStorage<string>();
/** A Tuesday, 09:00 in Düren: a working day within office hours. */
export const BENCH_START = '2026-11-24T08:00:00Z';

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
  const linkSecret = randomBytes(32).toString('hex');
  const anyPort = (variable: string) => ({ port: 0, variable });
  const runtime = await startLocalRuntime({
    profile,
    demo,
    clock,
    tableName: 'kim-bench',
    region: REGION,
    accountId: ACCOUNT,
    host: '127.0.0.1',
    dataDir,
    ports: { app: anyPort('PORT'), stepfunctions: anyPort('STEPFUNCTIONS_PORT'), ses: anyPort('SES_PORT') },
    dynamodb: { start: { ...anyPort('the bench’s DynamoDB Local port'), inMemory: true } },
    web: false,
    background: false,
    tokenClock: clock,
    linkSecret: () => Promise.resolve(linkSecret),
    retryPauseMs: 0,
    wrapTask: (name, run) => (input, context) => runningTask.run(name, () => run(input, context)),
    log: () => undefined,
  });
  const staff = (roleOrId: string): StaffMember => {
    const found = demo.staff.find((s) => s.id === roleOrId || s.role === roleOrId);
    if (found === undefined) throw new Error(`no demo staff ${roleOrId}`);
    return found;
  };
  return {
    profile,
    demo,
    clock,
    tableName: 'kim-bench',
    dynamodbEndpoint: runtime.endpoints.dynamodb,
    dynamodb: runtime.dynamodb,
    engine: runtime.engine,
    deps: runtime.deps,
    issuer: runtime.issuer,
    apiUrl: runtime.endpoints.app,
    linkSecret,
    staff,
    api: (method, path, as, body) => apiAs(runtime, staff(as), { method, path, body }),
    async stop() {
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
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

/** A valid intake (local/demo/sample-intake.ts), arriving a month before `now`. */
export function intakeBody(now: Date, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return sampleIntake({ arrivalDate: new Date(now.getTime() - 30 * 86_400_000).toISOString().slice(0, 10), ...overrides });
}
