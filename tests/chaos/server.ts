/**
 * One `npm start` for a chaos scenario, as a separate process (tests/fixtures/npm-start.ts) on free ports with a
 * temporary data dir of its own — never the developer's .kim — and what the scenarios do to and with it: tokens,
 * API calls, a scan of the table, the engine's running executions, the outbox, a SIGKILL of DynamoDB Local or of
 * `npm start` itself and the start again on the same data dir and ports.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListExecutionsCommand, type ExecutionListItem } from '@aws-sdk/client-sfn';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoDbClient, createSfnClient } from '../../core/adapters/aws-clients.ts';
import { systemClock } from '../../core/clock.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import type { StaffMember } from '../../core/profile/demo-data-schema.ts';
import { openLocalIssuer } from '../../local/auth/local-issuer.ts';
import { parseLocalConfig } from '../../local/config.ts';
import { loadDemoData } from '../../local/demo/load-demo-data.ts';
import { endStaleDynamoDbLocal } from '../../local/dynamodb-pid-file.ts';
import { stateMachineArn } from '../../local/runtime.ts';
import { LocalSes, type OutboxEntry } from '../../local/ses/local-ses.ts';
import { dynamoDbLocalPid, freePorts, npmStart, ready, ROOT, stopAll, type Started } from '../fixtures/npm-start.ts';
import type { TableItem } from './invariants.ts';
import type { ChaosReport } from './report.ts';

export interface ApiAnswer {
  /** 0 when no HTTP answer came (connection refused or reset). */
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export interface ChaosServer {
  readonly dataDir: string;
  readonly demo: ReturnType<typeof loadDemoData>;
  /** Everything the npm starts of this server printed, the one running last. */
  output(): string;
  token(staff: StaffMember): Promise<string>;
  api(method: string, path: string, token: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer>;
  /** The whole table, read consistently (a chaos run's table is small). */
  scan(): Promise<TableItem[]>;
  /** Names of the executions of a state machine that run now. */
  running(machine: string): Promise<string[]>;
  executions(machine: string): Promise<ExecutionListItem[]>;
  mails(): OutboxEntry[];
  /** SIGKILL of DynamoDB Local's Java process; npm start's supervision is to start it again. */
  killDynamoDbLocal(): void;
  /**
   * `kill -9` of npm start, then npm start again on the same data dir and ports, as a person would: when that start
   * refuses (it says why), once more after a pause. When the running one began, and why a start was refused.
   */
  killAndRestart(): Promise<{ restartedAt: string; refused?: string }>;
  stop(options: { keepData: boolean }): Promise<void>;
}

const START_TIMEOUT_MS = 120_000;

/** Undefined once npm start is ready; its last line when it ended instead. */
async function readyOrEnded(started: Started): Promise<string | undefined> {
  const isReady = ready(started, START_TIMEOUT_MS);
  // Should it end first, the wait for "ready" fails later, unobserved.
  isReady.catch(() => undefined);
  return Promise.race([isReady.then(() => undefined), started.exited.then(() => started.output().trim().split('\n').at(-1) ?? 'beendet')]);
}

export async function startServer(): Promise<ChaosServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kim-chaos-'));
  const env = { KIM_DATA_DIR: dataDir, ...(await freePorts()) };
  const config = parseLocalConfig(env, ROOT);
  let started: Started = npmStart(env);
  // What the npm starts before a kill -9 printed, for the log a failed run leaves behind.
  let earlierOutput = '';
  const stopped = async (): Promise<void> => {
    await stopAll();
    // A kill -9 of npm start leaves its Java child behind; the next start would end it, but there is none.
    await endStaleDynamoDbLocal(join(dataDir, 'dynamodb'), () => undefined);
  };
  let refused: string | undefined;
  try {
    refused = await readyOrEnded(started);
  } catch (error) {
    refused = error instanceof Error ? error.message : String(error);
  }
  if (refused !== undefined) {
    await stopped();
    throw new Error(`npm start kam nicht hoch (Datenordner ${dataDir}): ${refused}`);
  }
  const app = `http://${config.host}:${String(config.ports.app)}`;
  const dynamodb = createDynamoDbClient({ region: config.region, endpoint: `http://${config.host}:${String(config.ports.dynamodb)}` });
  const documents = createDocumentClient(dynamodb);
  const sfn = createSfnClient({ region: config.region, endpoint: `http://${config.host}:${String(config.ports.stepfunctions)}` });
  const issuer = openLocalIssuer(dataDir);
  const outbox = new LocalSes(join(dataDir, 'outbox'), systemClock);
  const executions = async (machine: string, statusFilter?: 'RUNNING'): Promise<ExecutionListItem[]> => {
    const all: ExecutionListItem[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn: stateMachineArn(config, machine), statusFilter, maxResults: 1000, nextToken }));
      all.push(...(page.executions ?? []));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return all;
  };

  return {
    dataDir,
    demo: loadDemoData(bundledProfile()),
    output: () => earlierOutput + started.output(),
    token: (staff) => issuer.mintToken(staff, new Date()),
    async api(method, path, token, body, headers = {}) {
      try {
        const response = await fetch(`${app}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await response.text();
        let parsed: Record<string, unknown> = {};
        try {
          parsed = JSON.parse(text) as Record<string, unknown>;
        } catch {
          parsed = { text: text.slice(0, 200) };
        }
        return { status: response.status, body: parsed };
      } catch (error) {
        return { status: 0, body: { error: error instanceof Error ? error.message : String(error) } };
      }
    },
    async scan() {
      const items: TableItem[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await documents.send(new ScanCommand({ TableName: config.tableName, ConsistentRead: true, ExclusiveStartKey: start }));
        items.push(...((page.Items ?? []) as TableItem[]));
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
      return items;
    },
    running: async (machine) => (await executions(machine, 'RUNNING')).flatMap((e) => (e.name === undefined ? [] : [e.name])),
    executions: (machine) => executions(machine),
    mails: () => outbox.list(),
    killDynamoDbLocal: () => {
      process.kill(dynamoDbLocalPid(dataDir), 'SIGKILL');
    },
    async killAndRestart() {
      started.child.kill('SIGKILL');
      await started.exited;
      earlierOutput += started.output();
      // A refused start may have done part of its work: the time of the first attempt counts for both.
      const restartedAt = new Date().toISOString();
      started = npmStart(env);
      const refused = await readyOrEnded(started);
      if (refused === undefined) return { restartedAt };
      earlierOutput += started.output();
      await new Promise((resolve) => setTimeout(resolve, 5000));
      started = npmStart(env);
      const again = await readyOrEnded(started);
      if (again !== undefined) throw new Error(`npm start startet nach kill -9 auch im zweiten Versuch nicht: ${again}`);
      return { restartedAt, refused };
    },
    async stop({ keepData }) {
      documents.destroy();
      sfn.destroy();
      await stopped();
      if (keepData) writeFileSync(join(dataDir, 'npm-start.log'), earlierOutput + started.output());
      else rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs a scenario on a server of its own and stops it. The data dir (with npm start's output in npm-start.log) is
 * kept when asked, and always when the scenario failed or broke a promise, so it can be looked at.
 */
export async function withServer(report: ChaosReport, keep: boolean, scenario: (server: ChaosServer) => Promise<void>): Promise<void> {
  const server = await startServer();
  const brokenBefore = report.brokenCount;
  let failed = true;
  try {
    await scenario(server);
    failed = false;
  } finally {
    const keepData = keep || failed || report.brokenCount > brokenBefore;
    await server.stop({ keepData });
    if (keepData) report.line(`   data kept in ${server.dataDir} (npm start's output in npm-start.log)`);
  }
}
