/**
 * Cold-load measurement of the bundles part: a fresh `node` process importing a bundle — which runs its module
 * initialisation, as Lambda's init phase does — timed from spawn to exit, and subjects measured in interleaved pairs
 * with what they are compared against (the subject and its reference back to back, in alternating order).
 */
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import * as z from 'zod';
import { PROJECT_ROOT } from './paths.ts';
import type { Reporter } from './report.ts';
import { stopwatch } from './stats.ts';

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
export interface Reference {
  readonly id: string;
  readonly bundle: string;
}

export interface Subject {
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

export interface PairRounds {
  readonly rounds: number;
  /** Rounds for the variants and probes that explain the figures (fewer: they are not budgets). */
  readonly probeRounds: number;
}

/**
 * Interleaved rounds: the subject and what it is measured against back to back, in alternating order, subjects
 * rotating. A subject whose run fails keeps the error and is left out of later rounds. Resolves with the seconds taken.
 */
export async function measurePairs(reporter: Reporter, subjects: readonly Subject[], options: PairRounds): Promise<number> {
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
  return coldStartTime() / 1000;
}
