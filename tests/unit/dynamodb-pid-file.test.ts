/**
 * The pid file of DynamoDB Local: a process is ended only when its command line is DynamoDB Local's with this very
 * data dir; a stale pid (reused by another program, or DynamoDB Local of another data dir) is left alone.
 * Stand-ins are node processes whose arguments look like DynamoDB Local's, so no Java is needed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { endStaleDynamoDbLocal } from '../../local/dynamodb-pid-file.ts';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** A process that lives until killed, with the given arguments on its command line. */
async function standIn(...args: string[]): Promise<{ child: ChildProcess; exited: Promise<string | null> }> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => undefined, 1000); process.stdout.write("ok")', ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(child);
  const exited = new Promise<string | null>((resolve) => child.once('exit', (_code, signal) => { resolve(signal); }));
  await new Promise((resolve) => child.stdout.once('data', resolve));
  return { child, exited };
}

const running = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null;

describe('endStaleDynamoDbLocal', () => {
  it('ends DynamoDB Local of the same data dir, says so in one line, and removes the pid file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kim-pid-'));
    const stale = await standIn('DynamoDBLocal.jar', '-dbPath', dataDir, '-port', '8000');
    writeFileSync(join(dataDir, 'dynamodb-local.pid'), `${String(stale.child.pid)}\n`);
    const lines: string[] = [];
    await endStaleDynamoDbLocal(dataDir, (line) => lines.push(line));
    expect(await stale.exited).toBe('SIGTERM');
    expect(lines).toEqual([`Ein übrig gebliebenes DynamoDB Local (PID ${String(stale.child.pid)}) desselben Datenordners wird beendet.`]);
    expect(existsSync(join(dataDir, 'dynamodb-local.pid'))).toBe(false);
  });

  it('leaves alone a process that is not DynamoDB Local of this data dir, and drops the stale pid file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kim-pid-'));
    // Another program under the reused pid, and DynamoDB Local of a data dir whose path only starts like ours.
    for (const args of [['something-else'], ['DynamoDBLocal.jar', '-dbPath', `${dataDir}-other`, '-port', '8000']]) {
      const other = await standIn(...args);
      writeFileSync(join(dataDir, 'dynamodb-local.pid'), String(other.child.pid));
      const lines: string[] = [];
      await endStaleDynamoDbLocal(dataDir, (line) => lines.push(line));
      expect(running(other.child), args.join(' ')).toBe(true);
      expect(lines).toEqual([]);
      expect(existsSync(join(dataDir, 'dynamodb-local.pid'))).toBe(false);
    }
    // No pid file, or garbage in it: nothing to do.
    await endStaleDynamoDbLocal(dataDir, () => { throw new Error('nothing to say'); });
    writeFileSync(join(dataDir, 'dynamodb-local.pid'), 'kaputt');
    await endStaleDynamoDbLocal(dataDir, () => { throw new Error('nothing to say'); });
  });
});
