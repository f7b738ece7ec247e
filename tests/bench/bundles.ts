/**
 * 1. Handler bundles: every Lambda bundled by CDK (a KimFunction, bundling on), its size, and the median wall time
 * of a fresh `node` process that imports the bundle — which runs its module initialisation, as Lambda's init
 * phase does — against the same for the handler's **floor** (floors.ts), interleaved in one run (cold-start.ts).
 *
 * The externals must resolve, so the bundles are loaded from `.kim/bench/bundles/` inside the project and find the
 * project's node_modules; in Lambda they come from the runtime's own copy of the SDK.
 *
 * To show where the time goes, probes and variants of create-intake (probes.ts) are built by replaying CDK's esbuild
 * command (recorded by cdk-bundle.ts) with one change each, and each handler's bundle is split by source from the
 * metafile (bundle-contents.ts). This module builds the subjects and measures them; bundles-report.ts reports them.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readContents, type BundleContents } from './bundle-contents.ts';
import { bundleWithCdk, replayEsbuild } from './bundling.ts';
import { reportBundles } from './bundles-report.ts';
import { measurePairs, type PairRounds, type Reference, type Subject } from './cold-start.ts';
import { floorOf, type Floor } from './floors.ts';
import { BENCH_DIR, PROJECT_ROOT } from './paths.ts';
import { ENTRIES } from './probes.ts';
import type { Reporter } from './report.ts';
import { stopwatch } from './stats.ts';

const HELLO = 'hello-world';
/** The smallest handler KimFunction can bundle (the infra tests' fixture). */
const HELLO_ENTRY = 'tests/fixtures/functions/hello/handler.ts';
const BUNDLES_DIR = join(BENCH_DIR, 'bundles');

function functionNames(): string[] {
  const dir = join(PROJECT_ROOT, 'functions');
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'handler.ts')))
    .sort();
}

export async function benchBundles(reporter: Reporter, options: PairRounds): Promise<void> {
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
  const floors = new Map<string, Floor>();
  /** The floor of these packages, built and added as a subject the first time it is asked for. */
  const floorFor = async (packages: readonly string[]): Promise<Subject> => {
    const { id, entry } = floorOf(packages);
    const known = floors.get(id);
    if (known !== undefined) return known.subject;
    const built = await build(id, 'floor', entry);
    const floor = subject({ id, label: id, kind: 'floor', bundle: built.bundle, sourceMaps: true, against: hello, ...(built.error === undefined ? {} : { error: built.error }) });
    floors.set(id, { subject: floor, packages });
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

  const coldStartSeconds = await measurePairs(reporter, subjects, options);
  reportBundles(reporter, { hello, subjects, floors, contents, cdkErrors, replayDiffers, cdkResults, intakeArgs, externals, cdkSeconds, coldStartSeconds, options });
}
