/**
 * 1. Handler bundles: every Lambda bundled by CDK (a KimFunction, bundling on), its size, and the median wall time
 * of a fresh `node` process that imports the bundle — which runs its module initialisation, as Lambda's init
 * phase does — against the same for the handler's **floor**, interleaved in one run (pairs in alternating order).
 *
 * A handler's floor is hello-world plus the AWS SDK packages that handler loads at init, each with its client built:
 * what no code of the handler can avoid. Which packages that is comes from esbuild's own metafile of the handler's
 * bundle (CDK's command replayed with `--metafile`): the externals (`@aws-sdk/*`, `@smithy/*`) it imports by a
 * static import, which an ESM bundle evaluates at init. Those it loads by `import()` on first use do not count; a
 * function that imports a `preload-*.ts` module has that package statically, so its floor includes it. One floor
 * per distinct set of packages; handlers with the same set share it.
 *
 * The externals must resolve, so the bundles are loaded from `.kim/bench/bundles/` inside the project and find the
 * project's node_modules; in Lambda they come from the runtime's own copy of the SDK.
 *
 * To show where the time goes, probes (one module as the entry: middy, the Powertools Logger and Metrics, zod, the
 * profile, each pipeline) and variants of create-intake are built by replaying CDK's esbuild command (recorded by
 * cdk-bundle.ts) with one change each, and each handler's bundle is split by source from the metafile.
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
const BUDGET_RATIO = 1.15;

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

/** A bundle a subject is paired with: hello-world, or a handler's floor. */
interface Reference {
  readonly id: string;
  readonly bundle: string;
}

interface Subject {
  readonly id: string;
  readonly label: string;
  readonly kind: 'handler' | 'floor' | 'variant' | 'probe';
  readonly bundle: string;
  readonly sourceMaps: boolean;
  readonly against: Reference;
  readonly note?: string;
  readonly wall: number[];
  readonly imports: number[];
  /** The runs of `against` paired with this subject's runs. */
  readonly againstWall: number[];
  readonly againstImports: number[];
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
 * CDK's esbuild command again, with another outfile and optionally another entry, without the externals (CDK's
 * `bundleAwsSDK: true`) or with a metafile. Resolves with esbuild's error lines, or undefined when it built.
 */
function replayEsbuild(cdkArgs: readonly string[], change: { entry?: string; outfile: string; bundleAwsSdk?: boolean; metafile?: string }): Promise<string | undefined> {
  const args = cdkArgs
    .map((arg, i) => (i === 1 && change.entry !== undefined ? change.entry : arg.startsWith('--outfile=') ? `--outfile=${change.outfile}` : arg))
    .filter((arg) => change.bundleAwsSdk !== true || !arg.startsWith('--external:'))
    .concat(change.metafile === undefined ? [] : [`--metafile=${change.metafile}`]);
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

const metafileSchema = z.object({
  outputs: z.record(
    z.string(),
    z.object({
      imports: z.array(z.object({ path: z.string(), kind: z.string(), external: z.boolean().optional() })),
      inputs: z.record(z.string(), z.object({ bytesInOutput: z.number() })),
    }),
  ),
});

/** What a handler's bundle holds, from esbuild's metafile. */
interface BundleContents {
  /** Externals (SDK packages) imported statically: evaluated at init. */
  readonly atInit: readonly string[];
  /** Externals only loaded by import() (or require()) when the code runs. */
  readonly onFirstUse: readonly string[];
  /** Bytes in the bundle by source (see `sourceOf`). */
  readonly bytes: Readonly<Record<string, number>>;
  readonly pipeline?: Pipeline;
}

type Pipeline = 'http' | 'task';

/** Which part of the system (or which npm package) a bundled file belongs to. */
function sourceOf(input: string, handler: string): string {
  const npm = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
  if (npm !== undefined) return npm.startsWith('@aws-lambda-powertools/') || npm === '@aws/lambda-invoke-store' ? 'Powertools' : npm.startsWith('@middy/') ? 'middy' : npm;
  if (input.startsWith(`functions/${handler}/`)) return 'own code';
  if (input.startsWith('functions/_shared/')) return 'functions/_shared';
  if (input.startsWith('core/profile/')) return 'profile';
  return input.startsWith('core/') ? 'core' : 'other';
}

function readContents(metafile: string, handler: string, externals: readonly string[]): BundleContents {
  const meta = metafileSchema.parse(JSON.parse(readFileSync(metafile, 'utf8')));
  const output = Object.entries(meta.outputs).find(([path]) => path.endsWith('.mjs'))?.[1];
  if (output === undefined) throw new Error(`no .mjs output in ${metafile}`);
  // CDK's --external:<pattern> flags, e.g. @aws-sdk/*.
  const isExternal = (path: string): boolean => externals.some((pattern) => (pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern));
  const sdk = output.imports.filter((i) => i.external === true && isExternal(i.path));
  const atInit = [...new Set(sdk.filter((i) => i.kind === 'import-statement').map((i) => i.path))].sort();
  const onFirstUse = [...new Set(sdk.filter((i) => i.kind !== 'import-statement').map((i) => i.path))].filter((path) => !atInit.includes(path)).sort();
  const bytes: Record<string, number> = {};
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const source = sourceOf(input, handler);
    bytes[source] = (bytes[source] ?? 0) + bytesInOutput;
  }
  const inputs = Object.keys(output.inputs);
  const pipeline = inputs.includes('functions/_shared/http-pipeline.ts') ? 'http' : inputs.includes('functions/_shared/task-pipeline.ts') ? 'task' : undefined;
  return { atInit, onFirstUse, bytes, ...(pipeline === undefined ? {} : { pipeline }) };
}

/**
 * The clients a handler builds from SDK packages (each once per process, in functions/_shared/dependencies/), so
 * its floor builds them too. The first entry whose packages a floor has wins: the document client wraps the
 * DynamoDB client, as table.ts does.
 */
const SDK_CLIENTS: readonly { name: string; packages: readonly string[]; imports: string; client: string }[] = [
  {
    name: 'DynamoDB',
    packages: ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'],
    imports: "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
    client: 'DynamoDBDocumentClient.from(new DynamoDBClient({}))',
  },
  { name: 'DynamoDBClient', packages: ['@aws-sdk/client-dynamodb'], imports: "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';", client: 'new DynamoDBClient({})' },
  { name: 'SFN', packages: ['@aws-sdk/client-sfn'], imports: "import { SFNClient } from '@aws-sdk/client-sfn';", client: 'new SFNClient({})' },
  { name: 'SES', packages: ['@aws-sdk/client-sesv2'], imports: "import { SESv2Client } from '@aws-sdk/client-sesv2';", client: 'new SESv2Client({})' },
  { name: 'Secrets', packages: ['@aws-sdk/client-secrets-manager'], imports: "import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';", client: 'new SecretsManagerClient({})' },
  {
    name: 'Cognito',
    packages: ['@aws-sdk/client-cognito-identity-provider'],
    imports: "import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';",
    client: 'new CognitoIdentityProviderClient({})',
  },
];

/**
 * The floor of a handler that loads `packages` at init: its id (the clients, e.g. `floor:DynamoDB+SFN`) and its
 * entry, hello-world importing exactly those packages and building their clients (a package without a known client
 * is only imported, and named in the id).
 */
function floorOf(packages: readonly string[]): { id: string; entry: string } {
  const left = new Set(packages);
  const names: string[] = [];
  const lines: string[] = [];
  const clients: string[] = [];
  for (const known of SDK_CLIENTS) {
    if (!known.packages.every((p) => left.has(p))) continue;
    for (const p of known.packages) left.delete(p);
    names.push(known.name);
    lines.push(known.imports);
    clients.push(known.client);
  }
  for (const p of left) {
    names.push(p);
    lines.push(`import ${JSON.stringify(p)};`);
  }
  lines.push(`const clients = [${clients.join(', ')}];`, 'export const handler = async () => ({ statusCode: 200, clients: clients.length });', '');
  return { id: `floor:${names.length === 0 ? 'none' : names.join('+')}`, entry: lines.join('\n') };
}

/** A difference in milliseconds, with its sign. */
const signed = (value: number): string => (value < 0 ? `−${ms(-value)}` : `+${ms(value)}`);

const bytesOf = (file: string): number => (existsSync(file) ? statSync(file).size : 0);

const moduleUrl = (path: string): string => JSON.stringify(join(PROJECT_ROOT, path));

type Entry = { id: string; kind: 'variant' | 'probe'; label: string; contents: string; what: string };

/** A probe of one first-party module: the module alone as the entry. */
const moduleProbe = (id: string, label: string, path: string, what: string): Entry => ({ id, kind: 'probe', label, contents: `export * from ${moduleUrl(path)};\n`, what });

/**
 * Probes: one part of what handlers load, alone on hello-world (on a floor's SDK instead, the floor's own spread of
 * ±50 ms on this machine hid them). Variants of create-intake: what a change would give.
 */
const ENTRIES: readonly Entry[] = [
  {
    id: 'deferred-imports',
    kind: 'variant',
    label: 'create-intake, own code loaded on first call',
    contents: `export const handler = async (event) => (await import(${moduleUrl('functions/create-intake/handler.ts')})).handler(event);\n`,
    what: 'the handler module loaded by import() inside the handler; esbuild keeps the SDK imports static, so the SDK still loads at init',
  },
  moduleProbe('http-pipeline', 'http-pipeline.ts (all an API handler shares)', 'functions/_shared/http-pipeline.ts', 'middy, Powertools Logger (+ injectLambdaContext) and Metrics, zod, the German errors, the middlewares: every API handler loads this'),
  moduleProbe('task-pipeline', 'task-pipeline.ts (all a task handler shares)', 'functions/_shared/task-pipeline.ts', 'middy, Powertools Logger and Metrics, zod, the step log and transient errors: every task function loads this'),
  {
    id: 'middy',
    kind: 'probe',
    label: 'only @middy/core',
    contents: "import middy from '@middy/core';\nexport const wrapped = middy(async () => ({ statusCode: 200 }));\n",
    what: 'middy itself, one handler wrapped',
  },
  {
    id: 'http-router',
    kind: 'probe',
    label: 'only @middy/http-router',
    contents: "export { default } from '@middy/http-router';\n",
    what: 'the router of meetings-api, meeting-links and oparl',
  },
  {
    id: 'logger',
    kind: 'probe',
    label: 'only Powertools Logger (logger.ts + middleware)',
    contents: `export * from ${moduleUrl('functions/_shared/logger.ts')};\nexport { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';\n`,
    what: 'the Logger as every handler builds it at init, with the middleware that adds the Lambda context',
  },
  {
    id: 'metrics',
    kind: 'probe',
    label: 'only Powertools Metrics',
    contents: "import { Metrics } from '@aws-lambda-powertools/metrics';\nexport const metrics = new Metrics({ namespace: 'KimFlow' });\n",
    what: 'Metrics built at init, without the Logger (metrics.ts gives it ours)',
  },
  {
    id: 'zod',
    kind: 'probe',
    label: 'only zod (as the code imports it, German)',
    contents: `import * as z from 'zod';\nimport ${moduleUrl('core/validation/zod-german.ts')};\nexport const parsed = z.object({ id: z.string().min(1) }).safeParse({ id: 'x' }).success;\n`,
    what: 'zod by namespace import with the German locale; `import { z } from "zod"` anywhere in a bundle keeps all of zod and its 60 locales (~440 KB)',
  },
  moduleProbe('bundled-profile', 'only profile/bundled-profile.ts', 'core/profile/bundled-profile.ts', 'the district profile JSON and its zod schemas (parsed on first use, not at init)'),
  moduleProbe('process-dependencies', 'only dependencies/process.ts (base part)', 'functions/_shared/dependencies/process.ts', 'what every handler loads besides the SDK and the pipeline: zod, the profile and its schema, the working calendar, the environment parser'),
  moduleProbe('mime-composer', 'only the MIME composer (compose-mime.ts)', 'core/mail/compose-mime.ts', 'nodemailer’s composer: loaded at init (preload-mail.ts) by the functions that send on every invocation, on top of their SES floor'),
  {
    id: 'dynamodb-no-client',
    kind: 'probe',
    label: 'DynamoDB packages imported, no client built',
    contents: "import '@aws-sdk/client-dynamodb';\nimport '@aws-sdk/lib-dynamodb';\nexport const handler = async () => ({ statusCode: 200 });\n",
    what: 'handlers build their clients on first use, floors at init: floor:DynamoDB minus this is what building them costs',
  },
];

export interface BundleOptions {
  readonly rounds: number;
  /** Rounds for the variants and probes that explain the figures (fewer: they are not budgets). */
  readonly probeRounds: number;
}

export async function benchBundles(reporter: Reporter, options: BundleOptions): Promise<void> {
  reporter.section(`1. Handler bundles: size and cold start (fresh \`node\` importing the bundle) vs. the handler's floor (hello-world + its SDK clients)`);
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
  const hello: Reference = { id: HELLO, bundle: join(cdkDir, HELLO, 'index.mjs') };
  const intakeArgs = cdkResults.find((r) => r.name === 'create-intake')?.esbuildArgs;
  if (intakeArgs === undefined) throw new Error('CDK’s esbuild command for create-intake was not recorded');
  const externals = intakeArgs.filter((arg) => arg.startsWith('--external:')).map((arg) => arg.slice('--external:'.length));

  const subjects: Subject[] = [];
  const subject = (fields: Omit<Subject, 'wall' | 'imports' | 'againstWall' | 'againstImports'>): Subject => {
    const added = { ...fields, wall: [], imports: [], againstWall: [], againstImports: [] };
    subjects.push(added);
    return added;
  };
  const build = async (id: string, kind: Subject['kind'], contents: string): Promise<{ bundle: string; error?: string }> => {
    const entry = join(BUNDLES_DIR, 'entries', `${id.replace(/[:+]/g, '-')}.ts`);
    mkdirSync(dirname(entry), { recursive: true });
    writeFileSync(entry, contents);
    const bundle = join(BUNDLES_DIR, kind, id.replace(/[:+]/g, '-'), 'index.mjs');
    const error = await replayEsbuild(intakeArgs, { entry, outfile: bundle });
    return error === undefined ? { bundle } : { bundle, error };
  };

  // Each handler's command replayed with a metafile: it must give CDK's bytes (so the metafile describes what CDK
  // built), and says which SDK packages the bundle imports at init.
  const contents = new Map<string, BundleContents>();
  const cdkErrors = new Map<string, string>();
  const replayDiffers: string[] = [];
  const floors = new Map<string, Subject>();
  const floorPackages = new Map<string, readonly string[]>();
  /** The floor of these packages, built and added as a subject the first time it is asked for. */
  const floorFor = async (packages: readonly string[]): Promise<Subject> => {
    const { id, entry } = floorOf(packages);
    const known = floors.get(id);
    if (known !== undefined) return known;
    const built = await build(id, 'floor', entry);
    const floor = subject({ id, label: id, kind: 'floor', bundle: built.bundle, sourceMaps: true, against: hello, ...(built.error === undefined ? {} : { error: built.error }) });
    floors.set(id, floor);
    floorPackages.set(id, packages);
    return floor;
  };
  for (const name of names) {
    const result = cdkResults.find((r) => r.name === name);
    const analysed = join(BUNDLES_DIR, 'replay', name, 'index.mjs');
    const why = result?.esbuildArgs === undefined ? result?.error : await replayEsbuild(result.esbuildArgs, { outfile: analysed, metafile: `${analysed}.meta.json` });
    if (result?.ok !== true || why !== undefined) {
      // What esbuild said (CDK's error only names the command).
      cdkErrors.set(name, why ?? result?.error ?? 'no result');
      subject({ id: name, label: name, kind: 'handler', bundle: '', sourceMaps: true, against: hello, error: `CDK bundling failed: ${why ?? result?.error ?? ''}` });
      continue;
    }
    const bundle = join(cdkDir, name, 'index.mjs');
    if (!readFileSync(analysed).equals(readFileSync(bundle))) replayDiffers.push(name);
    const found = readContents(`${analysed}.meta.json`, name, externals);
    contents.set(name, found);
    const floor = await floorFor(found.atInit);
    subject({ id: name, label: name, kind: 'handler', bundle, sourceMaps: true, against: floor, ...(floor.error === undefined ? {} : { error: `its floor did not build: ${floor.error}` }) });
  }

  const intakeFloor = subjects.find((s) => s.id === 'create-intake')?.against ?? hello;
  const sdkBundled = join(BUNDLES_DIR, 'variant', 'sdk-bundled', 'index.mjs');
  const sdkError = await replayEsbuild(intakeArgs, { outfile: sdkBundled, bundleAwsSdk: true });
  subject({ id: 'variant:sdk-bundled', label: 'create-intake, @aws-sdk bundled in', kind: 'variant', bundle: sdkBundled, sourceMaps: true, against: intakeFloor, ...(sdkError === undefined ? {} : { error: sdkError }) });
  subject({ id: 'variant:no-source-maps', label: 'create-intake, no --enable-source-maps', kind: 'variant', bundle: join(cdkDir, 'create-intake', 'index.mjs'), sourceMaps: false, against: intakeFloor });
  for (const extra of ENTRIES) {
    const id = `${extra.kind}:${extra.id}`;
    const built = await build(id, extra.kind, extra.contents);
    const against = extra.kind === 'variant' ? intakeFloor : hello;
    subject({ id, label: extra.label, kind: extra.kind, bundle: built.bundle, sourceMaps: true, against, note: extra.what, ...(built.error === undefined ? {} : { error: built.error }) });
  }

  // Interleaved rounds: the subject and what it is measured against back to back, in alternating order, subjects rotating.
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
        const referenceFirst = (round + i) % 2 === 0;
        const first = referenceFirst ? await coldStart(s.against.bundle, true) : await coldStart(s.bundle, s.sourceMaps);
        const second = referenceFirst ? await coldStart(s.bundle, s.sourceMaps) : await coldStart(s.against.bundle, true);
        const [reference, own] = referenceFirst ? [first, second] : [second, first];
        s.againstWall.push(reference.wallMs);
        s.againstImports.push(reference.importMs);
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

  const pairedWithHello = subjects.filter((s) => s.against === hello);
  const helloAll = pairedWithHello.flatMap((s) => s.againstWall);
  const helloSize = bytesOf(hello.bundle);
  reporter.row({ label: `${HELLO} ${kib(helloSize)} (all its runs)`, value: ms(median(helloAll)), reference: `import ${ms(median(pairedWithHello.flatMap((s) => s.againstImports)))}` });

  const figures: Record<string, unknown>[] = [];
  const extraOf = (s: Subject): number => median(s.wall) - median(s.againstWall);
  const ratioOf = (s: Subject): number => median(s.wall) / median(s.againstWall);
  for (const floor of floors.values()) {
    reporter.row({
      label: `${floor.label} ${floor.error === undefined ? kib(bytesOf(floor.bundle)) : ''}`,
      value: floor.error === undefined ? ms(median(floor.wall)) : 'failed',
      reference: `hello ${ms(median(floor.againstWall))}`,
      ratio: times(ratioOf(floor)),
      status: floor.error === undefined ? 'info' : 'FAILED',
    });
    figures.push({ ...subjectFigures(floor), packages: floorPackages.get(floor.id) });
  }

  let worst = 0;
  let worstName = '';
  const handlers = subjects.filter((x) => x.kind === 'handler');
  for (const s of handlers) {
    const ratio = ratioOf(s);
    if (s.error === undefined && ratio > worst) {
      worst = ratio;
      worstName = s.id;
    }
    const found = contents.get(s.id);
    reporter.row({
      label: `${s.label} ${s.error === undefined ? kib(bytesOf(s.bundle)) : ''}`,
      value: s.error === undefined ? ms(median(s.wall)) : 'failed',
      reference: `${s.against.id.replace(/^floor:/, '')} ${ms(median(s.againstWall))} ${signed(extraOf(s))}`,
      ratio: times(ratio),
      budget: `≤ ${BUDGET_RATIO}×`,
      status: s.error !== undefined ? 'FAILED' : ratio <= BUDGET_RATIO ? 'met' : 'MISSED',
    });
    figures.push({
      ...subjectFigures(s),
      floor: s.against.id,
      sdkAtInit: found?.atInit,
      sdkOnFirstUse: found?.onFirstUse,
      pipeline: found?.pipeline,
      bytesBySource: found?.bytes,
      met: s.error === undefined && ratio <= BUDGET_RATIO,
    });
  }
  for (const [name, why] of cdkErrors) reporter.note(`${name}: CDK bundling FAILS (so would \`cdk synth\`): ${why}`);

  reporter.row({ label: 'what costs what: probes on hello-world, paired', value: '' });
  for (const s of subjects.filter((x) => x.kind === 'probe')) {
    reporter.row({
      label: `  ${s.label} ${kib(bytesOf(s.bundle))}`,
      value: s.error === undefined ? signed(extraOf(s)) : 'failed',
      reference: `hello ${ms(median(s.againstWall))}`,
      ratio: times(ratioOf(s)),
    });
    figures.push(subjectFigures(s));
  }
  reporter.row({ label: 'create-intake variants (vs. its floor, paired):', value: '' });
  const intake = subjects.find((s) => s.id === 'create-intake');
  for (const s of subjects.filter((x) => x.kind === 'variant')) {
    reporter.row({
      label: `  ${s.label} ${kib(bytesOf(s.bundle))}`,
      value: s.error === undefined ? ms(median(s.wall)) : 'failed',
      reference: `create-intake ${intake === undefined ? '–' : times(ratioOf(intake))}`,
      ratio: times(ratioOf(s)),
    });
    figures.push(subjectFigures(s));
  }
  for (const s of handlers.filter((x) => x.error === undefined)) {
    const bytes = contents.get(s.id)?.bytes ?? {};
    const parts = Object.entries(bytes).filter(([, n]) => n >= 1024).sort(([, x], [, y]) => y - x);
    reporter.note(`${s.id} ${kib(bytesOf(s.bundle))}: ${parts.map(([source, n]) => `${source} ${kib(n)}`).join(', ')}`);
  }
  const shownArgs = intakeArgs.filter((arg, i) => i > 1 && !arg.startsWith('--outfile=') && !arg.startsWith('--banner'));
  reporter.note(
    `bundled by CDK itself (KimFunction in a test app with cdk.json's context, ${cdkSeconds.toFixed(0)} s); its esbuild command, recorded: ${shownArgs.join(' ')} ` +
      `--banner:js=<createRequire>. Replaying each handler's command (with --metafile) gives ${replayDiffers.length === 0 ? 'the identical bundle' : `A DIFFERENT BUNDLE for ${replayDiffers.join(', ')}`}; floors, variants and probes change the entry (or one flag) in create-intake's.`,
  );
  reporter.note(
    `floor of a handler = hello-world importing the ${externals.join(', ')} packages its bundle imports statically (esbuild's metafile: evaluated at init), building their clients; ` +
      `packages it loads by import() on first use do not count, a preload-*.ts import does. Floors: ${[...floors.keys()].map((id) => `${id.replace(/^floor:/, '')} (${handlers.filter((h) => h.against.id === id).length})`).join(', ')}.`,
  );
  reporter.note(
    `cold start = wall time of \`node --enable-source-maps\` (KimFunction's NODE_OPTIONS) importing index.mjs, spawn to exit; median of ${options.rounds} ` +
      `pairs with the handler's floor (floors: with hello-world), interleaved (variants and probes: ${options.probeRounds}); ${coldStartSeconds.toFixed(0)} s. Externals load from the project's ` +
      "node_modules (in Lambda from the runtime's SDK copy). Ratio = median / median of the paired runs; a handler's extra over its floor is its pipeline plus its own code.",
  );
  const budget = reporter.budget({
    id: 'bundles.coldStartRatioToFloor',
    description: `cold start of the slowest handler (${worstName}) vs. its floor (hello-world + the SDK clients it loads at init); ${handlers.filter((s) => s.error === undefined && ratioOf(s) <= BUDGET_RATIO).length} of ${handlers.length} within`,
    measured: round(worst),
    limit: BUDGET_RATIO,
    comparison: '<=',
    unit: '×',
  });
  reporter.record('bundles', {
    hello: { bundleBytes: helloSize, wall: summarize(helloAll), import: summarize(pairedWithHello.flatMap((s) => s.againstImports)) },
    subjects: figures,
    cdkBundling: { seconds: round(cdkSeconds), esbuildArgs: intakeArgs, replayDiffers, results: cdkResults.map(({ esbuildArgs: _args, ...r }) => r), failed: Object.fromEntries(cdkErrors) },
    rounds: options.rounds,
    probeRounds: options.probeRounds,
    coldStartSeconds: round(coldStartSeconds),
    budget,
  });
}

function subjectFigures(s: Subject): Record<string, unknown> {
  return {
    id: s.id,
    kind: s.kind,
    label: s.label,
    bundle: s.bundle.replace(PROJECT_ROOT, ''),
    bundleBytes: bytesOf(s.bundle),
    bundleGzipBytes: existsSync(s.bundle) ? gzipSync(readFileSync(s.bundle)).length : 0,
    sourceMapBytes: bytesOf(`${s.bundle}.map`),
    sourceMaps: s.sourceMaps,
    against: s.against.id,
    wall: s.wall.length > 0 ? summarize(s.wall) : undefined,
    import: s.imports.length > 0 ? summarize(s.imports) : undefined,
    againstWall: s.againstWall.length > 0 ? summarize(s.againstWall) : undefined,
    medianMs: round(median(s.wall)),
    ratio: round(median(s.wall) / median(s.againstWall), 3),
    ...(s.note === undefined ? {} : { note: s.note }),
    ...(s.error === undefined ? {} : { error: s.error }),
  };
}
