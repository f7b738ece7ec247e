/**
 * `npm start` as a person runs it: a separate process, real ports, a data dir on disk. Checks the
 * foundation's promises: health, the table visible to the AWS CLI, endpoints.json, data surviving a restart,
 * no Java process left after SIGTERM, one clear sentence for each kind of bad start, a DynamoDB Local that dies
 * restarted (or npm start stopped), and one left behind by a kill -9 ended by the next start.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../fixtures/eventually.ts';
import { dynamoDbLocalPid, freePorts as ports, npmStart, ROOT, stopAll } from '../fixtures/npm-start.ts';

const run = promisify(execFile);

async function javaProcessesFor(dataDir: string): Promise<string> {
  const { stdout } = await run('ps', ['-eo', 'args']);
  return stdout.split('\n').filter((line) => line.includes('DynamoDBLocal.jar') && line.includes(dataDir)).join('\n');
}

/** The pid npm start wrote for its DynamoDB Local, checked against ps: it must be that Java process. */
async function javaPid(dataDir: string): Promise<number> {
  const pid = dynamoDbLocalPid(dataDir);
  const { stdout } = await run('ps', ['-o', 'args=', '-p', String(pid)]);
  expect(stdout).toContain('DynamoDBLocal.jar');
  return pid;
}

// A test that kills npm start with SIGKILL leaves its Java child to the next start; should it fail before, end it here.
const leftBehind: string[] = [];
afterEach(async () => {
  await stopAll();
  const { stdout } = await run('ps', ['-eo', 'pid=,args=']);
  for (const dataDir of leftBehind.splice(0)) {
    for (const line of stdout.split('\n').filter((l) => l.includes('DynamoDBLocal.jar') && l.includes(dataDir))) process.kill(Number(line.trim().split(' ')[0]), 'SIGKILL');
  }
});

describe('npm start', () => {
  it('serves health, shows the table to the AWS CLI, keeps data across a restart and leaves no Java process', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kim-e2e-'));
    const env = { KIM_DATA_DIR: dataDir, ...(await ports()) };

    const first = npmStart(env);
    await eventually(() => (first.output().includes('KIM Flow läuft') ? true : undefined), 30_000);
    const endpoints = JSON.parse(readFileSync(join(dataDir, 'endpoints.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(endpoints).sort()).toEqual(['app', 'dynamodb', 'outbox', 'ses', 'stepfunctions']);
    expect(endpoints.app).toBe(`http://127.0.0.1:${env.PORT}`);

    const health = await fetch(`${endpoints.app}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', checks: { dynamodb: 'ok', stepfunctions: 'ok', ses: 'ok' } });
    const home = await fetch(`${endpoints.app}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('lang="de"');

    const cliEnv = { ...process.env, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_DEFAULT_REGION: 'eu-central-1', AWS_PAGER: '' };
    const aws = async (...args: string[]): Promise<Record<string, unknown>> => {
      const { stdout } = await run('aws', [...args, '--endpoint-url', String(endpoints.dynamodb), '--output', 'json'], { env: cliEnv });
      return stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>);
    };
    expect((await aws('dynamodb', 'list-tables')).TableNames).toContain('kim-flow');
    await aws('dynamodb', 'put-item', '--table-name', 'kim-flow', '--item', '{"pk":{"S":"E2E#marker"},"sk":{"S":"MARKER"}}');

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(await javaProcessesFor(dataDir)).toBe('');

    const second = npmStart(env);
    await eventually(() => (second.output().includes('KIM Flow läuft') ? true : undefined), 30_000);
    expect(second.output()).toContain('Profil 0 neu, 0 geändert; Demo-Daten 0 neu');
    const marker = await aws('dynamodb', 'get-item', '--table-name', 'kim-flow', '--key', '{"pk":{"S":"E2E#marker"},"sk":{"S":"MARKER"}}');
    expect(marker.Item).toBeDefined();
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
    expect(await javaProcessesFor(dataDir)).toBe('');
  });

  it('says in one line when DynamoDB Local dies, restarts it and answers again; stops with exit code 1 when it keeps dying', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kim-e2e-'));
    const env = { KIM_DATA_DIR: dataDir, ...(await ports()) };
    const started = npmStart(env);
    await eventually(() => (started.output().includes('KIM Flow läuft') ? true : undefined), 60_000);
    const health = async (): Promise<number> => (await fetch(`http://127.0.0.1:${env.PORT}/health`)).status;

    process.kill(await javaPid(dataDir), 'SIGKILL');
    await eventually(() => (started.output().includes('DynamoDB Local läuft wieder') ? true : undefined), 60_000);
    expect(started.output()).toMatch(/DynamoDB Local ist beendet \(SIGKILL\); wird neu gestartet \(Versuch 1 von 3\)\.\n/);
    // The app's first call may still meet a connection to the dead process; the SDK retries, and health follows.
    await eventually(async () => ((await health()) === 200 ? true : undefined), 15_000);

    // Dying again right after each restart: the fourth time npm start gives up, says so, and leaves no Java process.
    const restarts = (): number => started.output().split('DynamoDB Local läuft wieder').length - 1;
    for (let kill = 2; kill <= 4; kill++) {
      await eventually(() => (restarts() === kill - 1 ? true : undefined), 60_000);
      process.kill(await javaPid(dataDir), 'SIGKILL');
    }
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain('DynamoDB Local ist beendet (SIGKILL) und ließ sich 3-mal nicht dauerhaft neu starten.');
    expect(started.output()).toContain('KIM Flow wird beendet');
    expect(await javaProcessesFor(dataDir)).toBe('');
  });

  it('ends the DynamoDB Local a kill -9 of npm start left behind on the same data dir, and starts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kim-e2e-'));
    leftBehind.push(dataDir);
    const env = { KIM_DATA_DIR: dataDir, ...(await ports()) };
    const first = npmStart(env);
    await eventually(() => (first.output().includes('KIM Flow läuft') ? true : undefined), 60_000);
    const stale = await javaPid(dataDir);
    first.child.kill('SIGKILL');
    await first.exited;
    // Our shutdown never ran: the Java child lives on and holds its port.
    expect(await javaProcessesFor(dataDir)).not.toBe('');

    const second = npmStart(env);
    await eventually(() => (second.output().includes('KIM Flow läuft') ? true : undefined), 60_000);
    expect(second.output()).toContain(`Ein übrig gebliebenes DynamoDB Local (PID ${String(stale)}) desselben Datenordners wird beendet.`);
    expect(await javaPid(dataDir)).not.toBe(stale);
    expect((await fetch(`http://127.0.0.1:${env.PORT}/health`)).status).toBe(200);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
    expect(await javaProcessesFor(dataDir)).toBe('');
  });

  it('stops cleanly when Ctrl-C comes during start-up, leaving no Java process', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kim-e2e-'));
    const started = npmStart({ KIM_DATA_DIR: dataDir, ...(await ports()) });
    // In the middle of the start: DynamoDB Local runs, table, data and endpoints are still to come.
    await eventually(() => (started.output().includes('DynamoDB Local läuft') ? true : undefined), 30_000);
    started.child.kill('SIGINT');
    expect(await started.exited).toBe(0);
    expect(await javaProcessesFor(dataDir)).toBe('');
  });

  it('names KIM_DATA_DIR when the data dir cannot be used', async () => {
    // A path below a regular file can never become a directory.
    const file = join(mkdtempSync(join(tmpdir(), 'kim-e2e-')), 'a-file');
    writeFileSync(file, '');
    const started = npmStart({ KIM_DATA_DIR: join(file, 'data'), ...(await ports()) });
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain('(KIM_DATA_DIR) kann nicht angelegt oder beschrieben werden');
    expect(started.output()).not.toMatch(/\n\s+at /);
  });

  it('refuses a bad configuration value with one sentence naming the variable', async () => {
    const started = npmStart({ KIM_DATA_DIR: mkdtempSync(join(tmpdir(), 'kim-e2e-')), ...(await ports()), PORT: 'abc' });
    expect(await started.exited).toBe(1);
    expect(started.output()).toMatch(/KIM Flow konnte nicht starten: Die Umgebungsvariablen sind ungültig:\n- PORT: /);
    expect(started.output()).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('refuses a port already in use and names the variable that moves it', async () => {
    const env = await ports();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(Number(env.PORT), '127.0.0.1', () => { resolve(); }));
    try {
      const dataDir = mkdtempSync(join(tmpdir(), 'kim-e2e-'));
      const started = npmStart({ KIM_DATA_DIR: dataDir, ...env });
      expect(await started.exited).toBe(1);
      expect(started.output()).toContain(`Port ${env.PORT} ist bereits belegt`);
      expect(started.output()).toContain('PORT=<Port>');
      expect(started.output()).not.toMatch(/\n\s+at /);
      expect(await javaProcessesFor(dataDir)).toBe('');
    } finally {
      blocker.close();
    }
  });

  it('says clearly that Java is missing', async () => {
    // A PATH with node but without java.
    const nodeDir = join(ROOT, 'node_modules', '.bin');
    const started = npmStart({ KIM_DATA_DIR: mkdtempSync(join(tmpdir(), 'kim-e2e-')), ...(await ports()), PATH: nodeDir });
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain('Java wurde nicht gefunden');
    expect(started.output()).not.toMatch(/\n\s+at /);
  });

  it('names the field of a broken district profile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kim-e2e-'));
    const profile = JSON.parse(readFileSync(join(ROOT, 'core/profile/kreis-dueren.json'), 'utf8')) as { municipalities: { id: string }[] };
    profile.municipalities.splice(0, 1);
    const path = join(dir, 'profile.json');
    writeFileSync(path, JSON.stringify(profile));
    const started = npmStart({ KIM_DATA_DIR: dir, ...(await ports()), KIM_PROFILE: path });
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain('Das Bezirksprofil ist ungültig');
    expect(started.output()).toMatch(/- [a-zA-Z[\]0-9.]+: /);
  });
});
