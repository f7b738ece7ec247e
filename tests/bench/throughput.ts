/**
 * 3. Throughput: intakes over HTTP to a running `npm start` (local/start.ts as the npm script runs it, on free ports,
 * a temporary KIM_DATA_DIR) with 16 at once, each answered 202 once its case is saved and its execution started,
 * against raw PutItem throughput (16 at once) on the same DynamoDB Local, measured on the idle system just before (and
 * once more after everything settled, to show the drift).
 * The started workflows run on in the server process while further intakes arrive, as they do under `npm start`;
 * raw puts right after the intakes show how busy that leaves DynamoDB Local.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchGetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import * as z from 'zod';
import { createDynamoDbClient, createSfnClient } from '../../core/adapters/aws-clients.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { openLocalIssuer } from '../../local/auth/local-issuer.ts';
import { DEFAULT_TASK_CONCURRENCY } from '../../local/stepfunctions/local-step-functions.ts';
import { loadDemoData } from '../../local/demo/load-demo-data.ts';
import { freePort } from '../../local/http-server.ts';
import { PROJECT_ROOT } from './paths.ts';
import { intakeBody, REGION } from './local-system.ts';
import { ms, perSecond, type Reporter } from './report.ts';
import { percentile, pool, round, stopwatch } from './stats.ts';

const BUDGET_SHARE = 0.25;
const TABLE = 'kim-flow';

interface Server {
  readonly child: ChildProcess;
  readonly dataDir: string;
  readonly endpoints: { app: string; dynamodb: string; stepfunctions: string };
  readonly startSeconds: number;
  stop(): Promise<void>;
}

async function startServer(): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kim-bench-start-'));
  const env = {
    ...process.env,
    KIM_DATA_DIR: dataDir,
    PORT: String(await freePort()),
    DYNAMODB_PORT: String(await freePort()),
    STEPFUNCTIONS_PORT: String(await freePort()),
    SES_PORT: String(await freePort()),
    KIM_TIME_SCALE: '1',
  };
  const elapsed = stopwatch();
  // To profile the server under this load: KIM_BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (not allowed in NODE_OPTIONS).
  const nodeArgs = (process.env.KIM_BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'local/start.ts'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000)));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => { resolve(); }));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 90_000;
  while (!output.includes('KIM Flow läuft')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`npm start did not come up:\n${output.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const endpoints = z.object({ app: z.string(), dynamodb: z.string(), stepfunctions: z.string() }).parse(JSON.parse(readFileSync(join(dataDir, 'endpoints.json'), 'utf8')));
  return { child, dataDir, endpoints, startSeconds: elapsed() / 1000, stop };
}

/** CPU time (user + system, in ms) of a process, from /proc; undefined where there is no /proc. */
function cpuMs(pid: number | undefined): number | undefined {
  const file = `/proc/${String(pid)}/stat`;
  if (pid === undefined || !existsSync(file)) return undefined;
  // Fields after the command name (which may contain spaces); utime and stime are fields 14 and 15, in ticks of 10 ms.
  const fields = readFileSync(file, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The process's descendants (DynamoDB Local's Java runs under the server). */
function descendants(pid: number): number[] {
  const taskDir = `/proc/${String(pid)}/task`;
  if (!existsSync(taskDir)) return [];
  const children = readdirSync(taskDir).flatMap((task) => {
    const file = join(taskDir, task, 'children');
    return existsSync(file) ? readFileSync(file, 'utf8').trim().split(/\s+/).filter((x) => x !== '').map(Number) : [];
  });
  return children.flatMap((child) => [child, ...descendants(child)]);
}

/** CPU used so far by the server and by everything under it (DynamoDB Local). */
function serverCpu(server: Server): { server: number; dynamodb: number } | undefined {
  const own = cpuMs(server.child.pid);
  if (own === undefined || server.child.pid === undefined) return undefined;
  return { server: own, dynamodb: descendants(server.child.pid).reduce((sum, pid) => sum + (cpuMs(pid) ?? 0), 0) };
}

/** Waits until the server uses (almost) no CPU for a second: what it started has reached its waits. */
async function settle(server: Server): Promise<number> {
  const elapsed = stopwatch();
  let quiet = 0;
  const initial = cpuMs(server.child.pid);
  if (initial === undefined) {
    await new Promise((resolve) => setTimeout(resolve, 5000));
    return elapsed();
  }
  let last: number = initial;
  while (quiet < 4 && elapsed() < 120_000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now: number = cpuMs(server.child.pid) ?? last;
    quiet = now - last <= 20 ? quiet + 1 : 0;
    last = now;
  }
  return elapsed();
}

/** Stages before a case's first wait; a case past them waits for its assessment (or on the waiting list). */
const BEFORE_FIRST_WAIT = new Set(['intake', 'triaged', 'assigned']);

/** Polls the case items until every case is past its first steps (or the time is up); answers how many are. */
async function untilFirstWait(raw: ReturnType<typeof createDynamoDbClient>, caseIds: readonly string[], limitMs: number): Promise<{ reached: number }> {
  const elapsed = stopwatch();
  for (;;) {
    let reached = 0;
    for (let i = 0; i < caseIds.length; i += 100) {
      const keys = caseIds.slice(i, i + 100).map((id) => ({ pk: { S: `CASE#${id}` }, sk: { S: 'CASE' } }));
      let request: Record<string, { Keys: typeof keys; ProjectionExpression: string; ExpressionAttributeNames: Record<string, string> }> = {
        [TABLE]: { Keys: keys, ProjectionExpression: '#stage', ExpressionAttributeNames: { '#stage': 'stage' } },
      };
      for (;;) {
        const answer = await raw.send(new BatchGetItemCommand({ RequestItems: request }));
        reached += (answer.Responses?.[TABLE] ?? []).filter((item) => !BEFORE_FIRST_WAIT.has(item.stage?.S ?? 'intake')).length;
        const rest = answer.UnprocessedKeys;
        if (rest === undefined || Object.keys(rest).length === 0) break;
        request = rest as typeof request;
      }
    }
    if (reached === caseIds.length || elapsed() > limitMs) return { reached };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function benchThroughput(reporter: Reporter, options: { intakes: number; concurrency: number }): Promise<void> {
  reporter.section(`3. Throughput: ${options.intakes} intakes over HTTP to \`npm start\` (${options.concurrency} at once) vs. raw PutItem`);
  const server = await startServer();
  const raw = createDynamoDbClient({ region: REGION, endpoint: server.endpoints.dynamodb });
  const sfn = createSfnClient({ region: REGION, endpoint: server.endpoints.stepfunctions });
  try {
    const startupSettle = await settle(server);
    const staff = loadDemoData(bundledProfile()).staff.find((s) => s.role === 'intake');
    if (staff === undefined) throw new Error('no intake staff in the demo data');
    const token = await openLocalIssuer(server.dataDir).mintToken(staff, new Date());

    const payload = 'x'.repeat(900); // about the size of a case item
    const putRaw = async (latencies: number[]): Promise<void> => {
      const elapsed = stopwatch();
      await raw.send(
        new PutItemCommand({ TableName: TABLE, Item: { pk: { S: `BENCH#${randomUUID()}` }, sk: { S: 'BENCH' }, type: { S: 'bench' }, payload: { S: payload } } }),
      );
      latencies.push(elapsed());
    };
    const caseIds: string[] = [];
    const failures: string[] = [];
    const postIntake = async (latencies: number[]): Promise<void> => {
      const elapsed = stopwatch();
      const response = await fetch(`${server.endpoints.app}/api/intakes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `bench-${randomUUID()}` },
        body: JSON.stringify(intakeBody(new Date())),
      });
      const text = await response.text();
      latencies.push(elapsed());
      if (response.status !== 202) {
        failures.push(`${response.status} ${text.slice(0, 200)}`);
        return;
      }
      caseIds.push((JSON.parse(text) as { caseId: string }).caseId);
    };
    const run = async (n: number, task: (latencies: number[]) => Promise<void>, progress?: string): Promise<{ ms: number; latencies: number[] }> => {
      const latencies: number[] = [];
      const elapsed = stopwatch();
      await pool(Array.from({ length: n }), options.concurrency, async () => {
        await task(latencies);
        if (progress !== undefined) reporter.progress(progress, latencies.length, n);
      });
      return { ms: elapsed(), latencies };
    };

    // Warm both paths (JIT of Node and of DynamoDB Local's JVM, connections), let the server go idle, then: raw puts,
    // the intakes, raw puts again. A few dozen calls leave the JVM cold: raw puts then ran at about half the rate they
    // reach once it is warm, which the intakes (thousands of calls) would get to meanwhile.
    const rawCount = Math.max(200, Math.round(options.intakes / 2));
    await run(2 * rawCount, putRaw);
    await run(64, postIntake);
    const warmSettle = await settle(server);
    caseIds.length = 0;
    failures.length = 0;
    const rawIdle = await run(rawCount, putRaw);
    const cpuBefore = serverCpu(server);
    const intakes = await run(options.intakes, postIntake, 'intakes');
    const cpuAfter = serverCpu(server);
    const sinceLastIntake = stopwatch();
    const rawBusy = await run(rawCount, putRaw);
    // The workflows the intakes started do their work after the 202: how long until every case waits for its
    // assessment (or is on the waiting list) — their first wait, where a case rests until a person acts.
    const firstWaits = await untilFirstWait(raw, caseIds, 180_000);
    const catchUpMs = sinceLastIntake();
    const cpuCaughtUp = serverCpu(server);
    // The reference once more, idle again, to show how far it drifted (shared machine) — reported, not used.
    await settle(server);
    const rawIdleAfter = await run(rawCount, putRaw);

    // Every 202 promises the case exists and its execution started: check all of them.
    let casesFound = 0;
    for (let i = 0; i < caseIds.length; i += 100) {
      const keys = caseIds.slice(i, i + 100).map((id) => ({ pk: { S: `CASE#${id}` }, sk: { S: 'CASE' } }));
      let request: Record<string, { Keys: typeof keys }> = { [TABLE]: { Keys: keys } };
      for (;;) {
        const answer = await raw.send(new BatchGetItemCommand({ RequestItems: request }));
        casesFound += answer.Responses?.[TABLE]?.length ?? 0;
        const rest = answer.UnprocessedKeys;
        if (rest === undefined || Object.keys(rest).length === 0) break;
        request = rest as typeof request;
      }
    }
    let executionsStarted = 0;
    await pool(caseIds, options.concurrency, async (caseId) => {
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn: `arn:aws:states:${REGION}:000000000000:execution:intake-to-referral:${caseId}-1` }));
      if (described.startDate !== undefined) executionsStarted += 1;
    });

    const rate = (r: { ms: number; latencies: number[] }): number => (r.latencies.length / r.ms) * 1000;
    const intakeRate = rate(intakes);
    const rawRate = rate(rawIdle);
    const share = intakeRate / rawRate;
    const p = (r: { latencies: number[] }, q: number): number => percentile(r.latencies, q);
    const cpu =
      cpuBefore === undefined || cpuAfter === undefined
        ? undefined
        : { serverMsPerIntake: (cpuAfter.server - cpuBefore.server) / options.intakes, dynamodbMsPerIntake: (cpuAfter.dynamodb - cpuBefore.dynamodb) / options.intakes };
    reporter.row({
      label: `raw PutItem (~1 KB), ${options.concurrency} at once, idle server`,
      value: perSecond(rawRate),
      reference: `p50 ${ms(p(rawIdle, 50))}; again after: ${perSecond(rate(rawIdleAfter))}`,
    });
    reporter.row({
      label: `POST /api/intakes → 202, ${options.concurrency} at once`,
      value: perSecond(intakeRate),
      reference: `raw puts ${perSecond(rawRate)}`,
      ratio: `${(share * 100).toFixed(1)}%`,
      budget: `≥ ${BUDGET_SHARE * 100}%`,
      status: share >= BUDGET_SHARE && failures.length === 0 ? 'met' : 'MISSED',
    });
    reporter.row({ label: '  intake latency p50 / p95 / p99', value: ms(p(intakes, 50)), reference: `${ms(p(intakes, 95))} / ${ms(p(intakes, 99))}` });
    reporter.row({ label: '  raw put latency p50 / p95 / p99 (idle)', value: ms(p(rawIdle, 50)), reference: `${ms(p(rawIdle, 95))} / ${ms(p(rawIdle, 99))}` });
    reporter.row({ label: '  raw PutItem right after (workflows running)', value: perSecond(rate(rawBusy)), reference: `p50 ${ms(p(rawBusy, 50))} p99 ${ms(p(rawBusy, 99))}` });
    if (cpu !== undefined) {
      reporter.row({ label: '  CPU per intake: server process / DynamoDB Local', value: ms(cpu.serverMsPerIntake), reference: `${ms(cpu.dynamodbMsPerIntake)} (Java)` });
    }
    const overallRate = (firstWaits.reached / (intakes.ms + catchUpMs)) * 1000;
    reporter.row({
      label: '  all workflows at their first wait',
      value: `${(catchUpMs / 1000).toFixed(1)} s`,
      reference: `after the last 202 (${firstWaits.reached}/${caseIds.length})`,
      status: firstWaits.reached === caseIds.length ? 'info' : 'FAILED',
    });
    reporter.row({ label: '  intake + workflow to first wait, overall', value: perSecond(overallRate), reference: `raw puts ${perSecond(rawRate)}`, ratio: `${((overallRate / rawRate) * 100).toFixed(1)}%` });
    if (cpuAfter !== undefined && cpuCaughtUp !== undefined && cpuBefore !== undefined) {
      const perCase = (cpuCaughtUp.server - cpuBefore.server) / options.intakes;
      const javaPerCase = (cpuCaughtUp.dynamodb - cpuBefore.dynamodb) / options.intakes;
      reporter.row({ label: '  CPU per case to its first wait: server / DynamoDB Local', value: ms(perCase), reference: `${ms(javaPerCase)} (Java)` });
    }
    reporter.row({
      label: '  cases saved / executions started',
      value: `${casesFound} / ${executionsStarted}`,
      reference: `of ${caseIds.length} answered 202`,
      status: casesFound === options.intakes && executionsStarted === options.intakes ? 'met' : 'FAILED',
    });
    if (failures.length > 0) reporter.note(`${failures.length} intakes failed, e.g. ${failures[0] ?? ''}`);
    reporter.note(
      `npm start (local/start.ts) came up in ${server.startSeconds.toFixed(0)} s, DynamoDB Local on disk in a temporary KIM_DATA_DIR; after warm-up it was left to go idle ` +
        `(${(warmSettle / 1000).toFixed(0)} s). The ${options.intakes} intakes ran back to back: each 202 comes once the case is saved and its execution started, and the ` +
        `started workflows (triage, assignment, mail) run on in the same server process meanwhile, as under npm start (the local engine runs at most ${DEFAULT_TASK_CONCURRENCY} task ` +
        'invocations at once, so they queue behind the API and catch up after); the reference is raw PutItem on the idle system just before (warmed up by twice as many puts first). "Overall" counts cases from ' +
        'the first intake until every workflow reached its first wait (the raw puts right after run within that time). Bench client, server and DynamoDB ' +
        'Local share the 2 cores.',
    );
    const budget = reporter.budget({
      id: 'throughput.intakeVsRawPut',
      description: 'intake throughput vs. raw PutItem throughput',
      measured: round(share * 100, 1),
      limit: BUDGET_SHARE * 100,
      comparison: '>=',
      unit: '%',
    });
    const latency = (r: { latencies: number[] }) => ({ p50: round(p(r, 50)), p95: round(p(r, 95)), p99: round(p(r, 99)) });
    reporter.record('throughput', {
      intakes: intakes.latencies.length,
      concurrency: options.concurrency,
      intakePerSecond: round(intakeRate, 1),
      intakeSeconds: round(intakes.ms / 1000, 1),
      rawPutPerSecond: round(rawRate, 1),
      rawPutPerSecondAfterSettled: round(rate(rawIdleAfter), 1),
      rawPutPerSecondAfterIntakes: round(rate(rawBusy), 1),
      rawPuts: rawCount,
      share: round(share, 4),
      intakeLatencyMs: latency(intakes),
      rawPutLatencyMs: latency(rawIdle),
      rawPutLatencyAfterIntakesMs: latency(rawBusy),
      cpuPerIntakeMs: cpu === undefined ? undefined : { server: round(cpu.serverMsPerIntake), dynamodbLocal: round(cpu.dynamodbMsPerIntake) },
      casesFound,
      executionsStarted,
      workflowsAtFirstWait: firstWaits.reached,
      catchUpSecondsAfterLastIntake: round(catchUpMs / 1000, 1),
      overallCasesPerSecond: round(overallRate, 1),
      cpuPerCaseToFirstWaitMs:
        cpuBefore === undefined || cpuCaughtUp === undefined
          ? undefined
          : { server: round((cpuCaughtUp.server - cpuBefore.server) / options.intakes), dynamodbLocal: round((cpuCaughtUp.dynamodb - cpuBefore.dynamodb) / options.intakes) },
      failures,
      startupSeconds: round(server.startSeconds, 1),
      startupSettleMs: round(startupSettle),
      warmUpSettleMs: round(warmSettle),
      budget,
    });
  } finally {
    raw.destroy();
    sfn.destroy();
    await server.stop();
  }
}
