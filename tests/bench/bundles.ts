/**
 * 1. Handler bundles: every Lambda bundled by CDK (a KimFunction, bundling on), its size, and the median wall time
 * of a fresh `node` process that imports the bundle — which runs its module initialisation, as Lambda's init
 * phase does — against the same for a hello-world bundle, interleaved in one run (pairs in alternating order).
 *
 * The externals NodejsFunction leaves out (`@aws-sdk/*`, `@smithy/*`, shipped by the nodejs22.x runtime) must
 * resolve, so the bundles are loaded from `.kim/bench/bundles/` inside the project and find the project's
 * node_modules; in Lambda they come from the runtime's own copy of the SDK.
 *
 * To show where the time goes, variants and probes are built by replaying CDK's own esbuild command (recorded by
 * cdk-bundle.ts) with one change each: the SDK bundled in, or a single first-party module as the entry.
 *
 * The floor: hello-world plus `@aws-sdk/client-dynamodb` and one DynamoDBClient, built the same way and measured
 * like a handler. Every handler reads or writes the table on every invocation, so it loads that client at init; no
 * handler can start faster than the floor, whatever its own code does.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as z from 'zod';
import { BENCH_DIR, PROJECT_ROOT } from './paths.ts';
import { kib, ms, times, type Reporter } from './report.ts';
import { median, round, stopwatch, summarize } from './stats.ts';

const HELLO = 'hello-world';
/** The smallest handler KimFunction can bundle (the infra tests' fixture). */
const HELLO_ENTRY = 'tests/fixtures/functions/hello/handler.ts';
const BUNDLES_DIR = join(BENCH_DIR, 'bundles');
const ESBUILD = join(PROJECT_ROOT, 'node_modules', '.bin', 'esbuild');
const BUDGET_RATIO = 1.3;

/** What Lambda's init phase does with the handler module: import it (running its top-level code). */
const PROBE = [
  'const t0 = performance.now();',
  'await import(process.argv[1]);',
  'const t1 = performance.now();',
  'process.stdout.write(JSON.stringify({ importMs: t1 - t0, readyMs: t1 }));',
].join(' ');

/** The environment a KIM Flow function gets in AWS (placeholder values; module initialisation reads none yet). */
function lambdaEnvironment(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    TZ: ':UTC',
    AWS_REGION: 'eu-central-1',
    AWS_DEFAULT_REGION: 'eu-central-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    TABLE_NAME: 'kim-flow-bench',
    MAIL_FROM: 'KIM Flow <kim-flow@kreis-dueren.example>',
    APP_URL: 'https://kim-flow.kreis-dueren.example',
    INTAKE_STATE_MACHINE_ARN: 'arn:aws:states:eu-central-1:000000000000:stateMachine:intake-to-referral',
    POWERTOOLS_SERVICE_NAME: 'kim-flow',
    POWERTOOLS_METRICS_NAMESPACE: 'KimFlow',
  };
}

interface ColdStart {
  readonly wallMs: number;
  readonly importMs: number;
}

/** One fresh process; `sourceMaps` as KimFunction's NODE_OPTIONS=--enable-source-maps. */
function coldStart(bundle: string, sourceMaps: boolean): Promise<ColdStart> {
  return new Promise((resolve, reject) => {
    const elapsed = stopwatch();
    let wallMs = 0;
    const child = spawn(process.execPath, [...(sourceMaps ? ['--enable-source-maps'] : []), '--input-type=module', '-e', PROBE, pathToFileURL(bundle).href], {
      cwd: PROJECT_ROOT,
      env: lambdaEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('exit', () => {
      wallMs = elapsed();
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) {
        reject(new Error(`exit ${String(code)}: ${stderr.trim().split('\n').slice(0, 3).join(' ')}`));
        return;
      }
      const parsed = z.object({ importMs: z.number() }).safeParse(JSON.parse(stdout || '{}'));
      resolve({ wallMs, importMs: parsed.success ? parsed.data.importMs : Number.NaN });
    });
  });
}

interface Subject {
  readonly id: string;
  readonly label: string;
  readonly kind: 'handler' | 'floor' | 'variant' | 'probe';
  readonly bundle: string;
  readonly sourceMaps: boolean;
  readonly note?: string;
  readonly wall: number[];
  readonly imports: number[];
  /** The hello-world runs paired with this subject's runs. */
  readonly helloWall: number[];
  readonly helloImports: number[];
  error?: string;
}

function functionNames(): string[] {
  const dir = join(PROJECT_ROOT, 'functions');
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'handler.ts')))
    .sort();
}

const cdkBundleResult = z.object({ name: z.string(), ok: z.boolean(), ms: z.number(), esbuildArgs: z.array(z.string()).optional(), error: z.string().optional() });
type CdkBundleResult = z.infer<typeof cdkBundleResult>;

/** Runs cdk-bundle.ts in a child process (CDK prints to stderr and spawns esbuild through npx). */
function bundleWithCdk(reporter: Reporter, dest: string, functions: { name: string; entry: string }[]): Promise<CdkBundleResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/bench/cdk-bundle.ts', JSON.stringify({ dest, functions })], {
      cwd: PROJECT_ROOT,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const results: CdkBundleResult[] = [];
    let buffered = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const parsed = cdkBundleResult.safeParse(JSON.parse(buffered.slice(0, newline)));
        buffered = buffered.slice(newline + 1);
        if (parsed.success) {
          results.push(parsed.data);
          reporter.progress('bundling with CDK', results.length, functions.length);
        }
        newline = buffered.indexOf('\n');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
    child.once('error', reject);
    child.once('close', (code) => {
      if (results.length === functions.length) resolve(results);
      else reject(new Error(`CDK bundling stopped (exit ${String(code)}) after ${results.length} of ${functions.length}:\n${stderr}`));
    });
  });
}

/**
 * CDK's esbuild command again, with another entry and outfile and optionally without the externals (CDK's
 * `bundleAwsSDK: true`). Resolves with esbuild's error lines, or undefined when it built.
 */
function replayEsbuild(cdkArgs: readonly string[], change: { entry?: string; outfile: string; bundleAwsSdk?: boolean }): Promise<string | undefined> {
  const args = cdkArgs
    .map((arg, i) => (i === 1 && change.entry !== undefined ? change.entry : arg.startsWith('--outfile=') ? `--outfile=${change.outfile}` : arg))
    .filter((arg) => change.bundleAwsSdk !== true || !arg.startsWith('--external:'));
  mkdirSync(dirname(change.outfile), { recursive: true });
  return new Promise((resolve, reject) => {
    const child = spawn(ESBUILD, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) {
        resolve(undefined);
        return;
      }
      const lines = stderr.split('\n').filter((line) => line.includes('[ERROR]') || /^\s+\S+\.ts:\d+:\d+:$/.test(line));
      // eslint-disable-next-line no-control-regex -- esbuild colours its output
      resolve((lines.length > 0 ? lines : [stderr]).map((line) => line.replace(/\u001b\[[0-9;]*m/g, '').trim()).join(' '));
    });
  });
}

const bytesOf = (file: string): number => (existsSync(file) ? statSync(file).size : 0);

const moduleUrl = (path: string): string => JSON.stringify(join(PROJECT_ROOT, path));

/**
 * Entries built with CDK's command instead of a handler. Probes: what parts of every handler's imports cost alone.
 * Variants of create-intake: what a change to the code would give.
 */
const ENTRIES: readonly { id: string; kind: 'variant' | 'probe'; label: string; contents: string; what: string }[] = [
  {
    id: 'deferred-imports',
    kind: 'variant',
    label: 'create-intake, own code loaded on first call',
    contents: `export const handler = async (event) => (await import(${moduleUrl('functions/create-intake/handler.ts')})).handler(event);\n`,
    what: 'the handler module loaded by import() inside the handler; esbuild keeps the SDK imports static, so the SDK still loads at init',
  },
  {
    id: 'process-dependencies',
    kind: 'probe',
    label: 'only process-dependencies.ts (base part)',
    contents: `export * from ${moduleUrl('core/adapters/process-dependencies.ts')};\n`,
    what: 'what every handler loads besides the SDK: zod, the district profile and its schema, the working calendar, the environment parser',
  },
  {
    id: 'table-dependencies',
    kind: 'probe',
    label: 'only table-dependencies.ts (DynamoDB part)',
    contents: `export * from ${moduleUrl('core/adapters/table-dependencies.ts')};\n`,
    what: 'the base part plus the DynamoDB client, lib-dynamodb and the repositories: what the lightest handler loads',
  },
  {
    id: 'zod',
    kind: 'probe',
    label: 'only zod (as the code imports it, German)',
    contents: `import * as z from 'zod';\nimport ${moduleUrl('core/validation/zod-german.ts')};\nexport const parsed = z.object({ id: z.string().min(1) }).safeParse({ id: 'x' }).success;\n`,
    what: 'zod by namespace import with the German locale; `import { z } from "zod"` anywhere in a bundle keeps all of zod and its 60 locales (~440 KB)',
  },
  {
    id: 'bundled-profile',
    kind: 'probe',
    label: 'only profile/bundled-profile.ts',
    contents: `export * from ${moduleUrl('core/profile/bundled-profile.ts')};\n`,
    what: 'the district profile JSON and its zod schemas',
  },
  {
    id: 'mail-on-first-send',
    kind: 'probe',
    label: 'first send: SES v2 client + MIME composer',
    contents: `import '@aws-sdk/client-sesv2';\nexport * from ${moduleUrl('core/mail/compose-mime.ts')};\n`,
    what: 'what SesMailer loads on the first send (at init in notify-case-manager, send-referral and park-case, which send on every invocation)',
  },
  {
    id: 'sfn-on-first-use',
    kind: 'probe',
    label: 'first Step Functions call: SFN client',
    contents: "export { SFNClient } from '@aws-sdk/client-sfn';\n",
    what: 'what the first StartExecution or SendTaskSuccess loads (at init in the API functions that call Step Functions on every request)',
  },
  {
    id: 'secrets-on-first-use',
    kind: 'probe',
    label: 'first link secret: Secrets Manager client',
    contents: "export { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';\n",
    what: 'what reading the link-signing key loads (at init in meeting-links)',
  },
];

/** The floor every handler stands on: hello-world with the DynamoDB client it cannot do without. */
const FLOOR_ENTRY = [
  "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
  'const client = new DynamoDBClient({});',
  'export const handler = async () => ({ statusCode: 200, region: typeof client.config.region });',
  '',
].join('\n');

export interface BundleOptions {
  readonly rounds: number;
  /** Rounds for the variants and probes that explain the figures (fewer: they are not budgets). */
  readonly probeRounds: number;
}

export async function benchBundles(reporter: Reporter, options: BundleOptions): Promise<void> {
  reporter.section('1. Handler bundles: size and cold start (fresh `node` importing the bundle) vs. hello-world');
  rmSync(BUNDLES_DIR, { recursive: true, force: true });
  mkdirSync(BUNDLES_DIR, { recursive: true });
  const cdkDir = join(BUNDLES_DIR, 'cdk');
  const names = functionNames();
  const functions = [{ name: HELLO, entry: HELLO_ENTRY }, ...names.map((name) => ({ name, entry: `functions/${name}/handler.ts` }))];

  const bundlingTime = stopwatch();
  const cdkResults = await bundleWithCdk(reporter, cdkDir, functions);
  const cdkSeconds = bundlingTime() / 1000;
  const helloResult = cdkResults.find((r) => r.name === HELLO);
  if (helloResult?.ok !== true) throw new Error(`hello-world did not bundle: ${helloResult?.error ?? 'no result'}`);
  const helloBundle = join(cdkDir, HELLO, 'index.mjs');
  const intakeArgs = cdkResults.find((r) => r.name === 'create-intake')?.esbuildArgs;
  if (intakeArgs === undefined) throw new Error('CDK’s esbuild command for create-intake was not recorded');

  // Replaying CDK's recorded command must give CDK's bytes; then the variants below differ from CDK in one thing.
  const replayed = join(BUNDLES_DIR, 'replay', 'create-intake', 'index.mjs');
  const replayError = await replayEsbuild(intakeArgs, { outfile: replayed });
  const replayIdentical = replayError === undefined && readFileSync(replayed).equals(readFileSync(join(cdkDir, 'create-intake', 'index.mjs')));

  const subjects: Subject[] = [];
  const subject = (fields: Omit<Subject, 'wall' | 'imports' | 'helloWall' | 'helloImports'>): void => {
    subjects.push({ ...fields, wall: [], imports: [], helloWall: [], helloImports: [] });
  };
  const cdkErrors = new Map<string, string>();
  for (const name of names) {
    const result = cdkResults.find((r) => r.name === name);
    if (result?.ok === true) {
      subject({ id: name, label: name, kind: 'handler', bundle: join(cdkDir, name, 'index.mjs'), sourceMaps: true });
      continue;
    }
    // What esbuild said (CDK's error only names the command).
    const why = result?.esbuildArgs === undefined ? undefined : await replayEsbuild(result.esbuildArgs, { outfile: join(BUNDLES_DIR, 'failed', name, 'index.mjs') });
    cdkErrors.set(name, why ?? result?.error ?? 'no result');
    subject({ id: name, label: name, kind: 'handler', bundle: '', sourceMaps: true, error: `CDK bundling failed: ${why ?? result?.error ?? ''}` });
  }

  const floorEntry = join(BUNDLES_DIR, 'entries', 'floor.ts');
  mkdirSync(dirname(floorEntry), { recursive: true });
  writeFileSync(floorEntry, FLOOR_ENTRY);
  const floorBundle = join(BUNDLES_DIR, 'floor', 'index.mjs');
  const floorError = await replayEsbuild(intakeArgs, { entry: floorEntry, outfile: floorBundle });
  subject({ id: 'floor', label: 'floor: hello-world + DynamoDBClient', kind: 'floor', bundle: floorBundle, sourceMaps: true, ...(floorError === undefined ? {} : { error: floorError }) });

  const sdkBundled = join(BUNDLES_DIR, 'sdk-bundled', 'create-intake', 'index.mjs');
  const sdkError = await replayEsbuild(intakeArgs, { outfile: sdkBundled, bundleAwsSdk: true });
  subject({ id: 'variant:sdk-bundled', label: 'create-intake, @aws-sdk bundled in', kind: 'variant', bundle: sdkBundled, sourceMaps: true, ...(sdkError === undefined ? {} : { error: sdkError }) });
  subject({ id: 'variant:no-source-maps', label: 'create-intake, no --enable-source-maps', kind: 'variant', bundle: join(cdkDir, 'create-intake', 'index.mjs'), sourceMaps: false });
  for (const extra of ENTRIES) {
    const entry = join(BUNDLES_DIR, 'entries', `${extra.id}.ts`);
    mkdirSync(dirname(entry), { recursive: true });
    writeFileSync(entry, extra.contents);
    const outfile = join(BUNDLES_DIR, extra.kind, extra.id, 'index.mjs');
    const error = await replayEsbuild(intakeArgs, { entry, outfile });
    subject({ id: `${extra.kind}:${extra.id}`, label: extra.label, kind: extra.kind, bundle: outfile, sourceMaps: true, note: extra.what, ...(error === undefined ? {} : { error }) });
  }

  // Interleaved rounds: hello-world and the subject back to back, in alternating order, subjects rotating.
  const roundsOf = (s: Subject): number => (s.kind === 'handler' || s.kind === 'floor' ? options.rounds : options.probeRounds);
  const total = subjects.filter((s) => s.error === undefined).reduce((sum, s) => sum + roundsOf(s), 0);
  const lastRound = Math.max(options.rounds, options.probeRounds);
  let done = 0;
  const coldStartTime = stopwatch();
  for (let round = 0; round < lastRound; round++) {
    const active = subjects.filter((s) => round < roundsOf(s) && s.error === undefined);
    for (let i = 0; i < active.length; i++) {
      const s = active[(i + round) % active.length];
      if (s === undefined) continue;
      try {
        const helloFirst = (round + i) % 2 === 0;
        const first = helloFirst ? await coldStart(helloBundle, true) : await coldStart(s.bundle, s.sourceMaps);
        const second = helloFirst ? await coldStart(s.bundle, s.sourceMaps) : await coldStart(helloBundle, true);
        const [hello, own] = helloFirst ? [first, second] : [second, first];
        s.helloWall.push(hello.wallMs);
        s.helloImports.push(hello.importMs);
        s.wall.push(own.wallMs);
        s.imports.push(own.importMs);
      } catch (error) {
        s.error = error instanceof Error ? error.message : String(error);
      }
      done += 1;
      reporter.progress(`cold-start pairs (round ${round + 1}/${lastRound})`, done, total);
    }
  }
  reporter.progress('cold-start pairs', total, total);
  const coldStartSeconds = coldStartTime() / 1000;

  const helloAll = subjects.flatMap((s) => s.helloWall);
  const helloSize = bytesOf(helloBundle);
  reporter.row({ label: `${HELLO} ${kib(helloSize)} (all its runs)`, value: ms(median(helloAll)), reference: `import ${ms(median(subjects.flatMap((s) => s.helloImports)))}` });

  const figures: Record<string, unknown>[] = [];
  const floor = subjects.find((x) => x.kind === 'floor');
  const floorRatio = floor === undefined || floor.error !== undefined ? Number.NaN : median(floor.wall) / median(floor.helloWall);
  if (floor !== undefined) {
    reporter.row({
      label: `${floor.label} ${floor.error === undefined ? kib(bytesOf(floor.bundle)) : ''}`,
      value: floor.error === undefined ? ms(median(floor.wall)) : 'failed',
      reference: `hello ${ms(median(floor.helloWall))}`,
      ratio: times(floorRatio),
      budget: `≤ ${BUDGET_RATIO}×`,
      status: floor.error !== undefined ? 'FAILED' : floorRatio <= BUDGET_RATIO ? 'met' : 'MISSED',
    });
    figures.push(subjectFigures(floor, bytesOf(floor.bundle), median(floor.wall), median(floor.helloWall)));
  }
  let worst = 0;
  let worstName = '';
  for (const s of subjects.filter((x) => x.kind === 'handler')) {
    const size = bytesOf(s.bundle);
    const wallMedian = median(s.wall);
    const pairedHello = median(s.helloWall);
    const ratio = wallMedian / pairedHello;
    if (s.error === undefined && ratio > worst) {
      worst = ratio;
      worstName = s.id;
    }
    reporter.row({
      label: `${s.label} ${s.error === undefined ? kib(size) : ''}`,
      value: s.error === undefined ? ms(wallMedian) : 'failed',
      reference: `hello ${ms(pairedHello)} · ${times(ratio / floorRatio)} floor`,
      ratio: times(ratio),
      budget: `≤ ${BUDGET_RATIO}×`,
      status: s.error !== undefined ? 'FAILED' : ratio <= BUDGET_RATIO ? 'met' : 'MISSED',
    });
    figures.push({ ...subjectFigures(s, size, wallMedian, pairedHello), ratioToFloor: round(ratio / floorRatio, 3) });
  }
  for (const [name, why] of cdkErrors) reporter.note(`${name}: CDK bundling FAILS (so would \`cdk synth\`): ${why}`);

  reporter.row({ label: 'where the time goes (same run, paired):', value: '' });
  const intake = subjects.find((s) => s.id === 'create-intake');
  const intakeMedian = intake === undefined ? Number.NaN : median(intake.wall);
  for (const s of subjects.filter((x) => x.kind === 'variant' || x.kind === 'probe')) {
    const size = bytesOf(s.bundle);
    const wallMedian = median(s.wall);
    const pairedHello = median(s.helloWall);
    reporter.row({
      label: `  ${s.label} ${kib(size)}`,
      value: s.error === undefined ? ms(wallMedian) : 'failed',
      reference: s.kind === 'variant' ? `create-intake ${ms(intakeMedian)}` : `+${ms(wallMedian - pairedHello)} on hello`,
      ratio: times(wallMedian / pairedHello),
    });
    figures.push(subjectFigures(s, size, wallMedian, pairedHello));
  }

  const shownArgs = intakeArgs.filter((arg, i) => i > 1 && !arg.startsWith('--outfile=') && !arg.startsWith('--banner'));
  reporter.note(
    `bundled by CDK itself (KimFunction in a test app with cdk.json's context, ${cdkSeconds.toFixed(0)} s); its esbuild command, recorded: ${shownArgs.join(' ')} ` +
      `--banner:js=<createRequire>. Replaying it gives ${replayIdentical ? 'the identical bundle' : `A DIFFERENT BUNDLE (${replayError ?? 'bytes differ'})`}; variants and probes change one thing in it.`,
  );
  reporter.note(
    `cold start = wall time of \`node --enable-source-maps\` (KimFunction's NODE_OPTIONS) importing index.mjs, spawn to exit; median of ${options.rounds} ` +
      `pairs with hello-world, interleaved (variants and probes: ${options.probeRounds}); ${coldStartSeconds.toFixed(0)} s. Externals load from the project's ` +
      "node_modules (in Lambda from the runtime's SDK copy). Ratio = median / median of the paired hello-world runs; \"floor\" = that ratio / the floor's.",
  );
  reporter.note(
    `floor: every handler uses DynamoDB on every invocation and loads its client at init, so ${times(floorRatio)} (hello-world + @aws-sdk/client-dynamodb + ` +
      `one DynamoDBClient) is the least any handler can take${floorRatio > BUDGET_RATIO ? `: the ${BUDGET_RATIO}× budget is below it` : ''}. Step Functions, SES (with the MIME ` +
      'composer) and Secrets Manager load on first use except where a function uses them on every invocation; the "first …" probes show what that first use loads.',
  );
  const budget = reporter.budget({
    id: 'bundles.coldStartRatio',
    description: `cold start of the slowest handler (${worstName}) vs. hello-world`,
    measured: round(worst),
    limit: BUDGET_RATIO,
    comparison: '<=',
    unit: '×',
  });
  reporter.record('bundles', {
    hello: { bundleBytes: helloSize, wall: summarize(helloAll), import: summarize(subjects.flatMap((s) => s.helloImports)) },
    subjects: figures,
    cdkBundling: { seconds: round(cdkSeconds), esbuildArgs: intakeArgs, replayIdentical, results: cdkResults.map(({ esbuildArgs: _args, ...r }) => r), failed: Object.fromEntries(cdkErrors) },
    rounds: options.rounds,
    probeRounds: options.probeRounds,
    coldStartSeconds: round(coldStartSeconds),
    floor: { ratio: round(floorRatio, 3), worstRatioToFloor: round(worst / floorRatio, 3) },
    budget,
  });
}

function subjectFigures(s: Subject, size: number, wallMedian: number, pairedHello: number): Record<string, unknown> {
  return {
    id: s.id,
    kind: s.kind,
    label: s.label,
    bundle: s.bundle.replace(PROJECT_ROOT, ''),
    bundleBytes: size,
    bundleGzipBytes: existsSync(s.bundle) ? gzipSync(readFileSync(s.bundle)).length : 0,
    sourceMapBytes: bytesOf(`${s.bundle}.map`),
    sourceMaps: s.sourceMaps,
    wall: s.wall.length > 0 ? summarize(s.wall) : undefined,
    import: s.imports.length > 0 ? summarize(s.imports) : undefined,
    pairedHelloWall: s.helloWall.length > 0 ? summarize(s.helloWall) : undefined,
    medianMs: round(wallMedian),
    ratio: round(wallMedian / pairedHello, 3),
    ...(s.note === undefined ? {} : { note: s.note }),
    ...(s.error === undefined ? {} : { error: s.error }),
  };
}
