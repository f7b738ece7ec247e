/**
 * The bundles part's report: a row per floor and per handler (the budget), the probes and variants, each handler's
 * bytes per source, how it was measured, and every figure for results.json.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { BundleContents } from './bundle-contents.ts';
import type { CdkBundleResult } from './bundling.ts';
import type { PairRounds, Reference, Subject } from './cold-start.ts';
import type { Floor } from './floors.ts';
import { PROJECT_ROOT } from './paths.ts';
import { kib, ms, times, type Reporter } from './report.ts';
import { median, round, summarize } from './stats.ts';

const BUDGET_RATIO = 1.15;

/** What one run of the bundles part built and measured. */
export interface BundlesRun {
  readonly hello: Reference;
  /** In the order they were added: floors as first asked for, handlers by name, then variants and probes. */
  readonly subjects: readonly Subject[];
  readonly floors: ReadonlyMap<string, Floor>;
  /** By handler, from its metafile (handlers CDK could bundle only). */
  readonly contents: ReadonlyMap<string, BundleContents>;
  /** What esbuild said, by handler CDK could not bundle. */
  readonly cdkErrors: ReadonlyMap<string, string>;
  /** Handlers whose replayed command did not give CDK's bytes. */
  readonly replayDiffers: readonly string[];
  readonly cdkResults: readonly CdkBundleResult[];
  /** CDK's esbuild command for create-intake, which floors, variants and probes replay. */
  readonly intakeArgs: readonly string[];
  readonly externals: readonly string[];
  readonly cdkSeconds: number;
  readonly coldStartSeconds: number;
  readonly options: PairRounds;
}

/** A difference in milliseconds, with its sign. */
const signed = (value: number): string => (value < 0 ? `−${ms(-value)}` : `+${ms(value)}`);

const bytesOf = (file: string): number => (existsSync(file) ? statSync(file).size : 0);

const extraOf = (s: Subject): number => median(s.wall) - median(s.againstWall);
const ratioOf = (s: Subject): number => median(s.wall) / median(s.againstWall);

export function reportBundles(reporter: Reporter, run: BundlesRun): void {
  const { hello, subjects, floors, contents, cdkErrors, replayDiffers, intakeArgs, externals, options } = run;
  const pairedWithHello = subjects.filter((s) => s.against === hello);
  const helloAll = pairedWithHello.flatMap((s) => s.againstWall);
  const helloSize = bytesOf(hello.bundle);
  reporter.row({ label: `${hello.id} ${kib(helloSize)} (all its runs)`, value: ms(median(helloAll)), reference: `import ${ms(median(pairedWithHello.flatMap((s) => s.againstImports)))}` });

  const figures: Record<string, unknown>[] = [];
  for (const { subject: floor, packages } of floors.values()) {
    reporter.row({
      label: `${floor.label} ${floor.error === undefined ? kib(bytesOf(floor.bundle)) : ''}`,
      value: floor.error === undefined ? ms(median(floor.wall)) : 'failed',
      reference: `hello ${ms(median(floor.againstWall))}`,
      ratio: times(ratioOf(floor)),
      status: floor.error === undefined ? 'info' : 'FAILED',
    });
    figures.push({ ...subjectFigures(floor), packages });
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
    `bundled by CDK itself (KimFunction in a test app with cdk.json's context, ${run.cdkSeconds.toFixed(0)} s); its esbuild command, recorded: ${shownArgs.join(' ')} ` +
      `--banner:js=<createRequire>. Replaying each handler's command (with --metafile) gives ${replayDiffers.length === 0 ? 'the identical bundle' : `A DIFFERENT BUNDLE for ${replayDiffers.join(', ')}`}; floors, variants and probes change the entry (or one flag) in create-intake's.`,
  );
  reporter.note(
    `floor of a handler = hello-world importing the ${externals.join(', ')} packages its bundle imports statically (esbuild's metafile: evaluated at init), building their clients; ` +
      `packages it loads by import() on first use do not count, a preload-*.ts import does. Floors: ${[...floors.keys()].map((id) => `${id.replace(/^floor:/, '')} (${handlers.filter((h) => h.against.id === id).length})`).join(', ')}.`,
  );
  reporter.note(
    `cold start = wall time of \`node --enable-source-maps\` (KimFunction's NODE_OPTIONS) importing index.mjs, spawn to exit; median of ${options.rounds} ` +
      `pairs with the handler's floor (floors: with hello-world), interleaved (variants and probes: ${options.probeRounds}); ${run.coldStartSeconds.toFixed(0)} s. Externals load from the project's ` +
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
    cdkBundling: { seconds: round(run.cdkSeconds), esbuildArgs: intakeArgs, replayDiffers, results: run.cdkResults.map(({ esbuildArgs: _args, ...r }) => r), failed: Object.fromEntries(cdkErrors) },
    rounds: options.rounds,
    probeRounds: options.probeRounds,
    coldStartSeconds: round(run.coldStartSeconds),
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
    ratio: round(ratioOf(s), 3),
    ...(s.note === undefined ? {} : { note: s.note }),
    ...(s.error === undefined ? {} : { error: s.error }),
  };
}
