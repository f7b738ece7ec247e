/**
 * `npm run bench`: KIM Flow's performance budgets (ARCHITECTURE.md, "Performance budgets"), each measured as a
 * ratio against a reference taken in the same run, because absolute times on a shared machine are noise.
 *
 *   npm run bench                                   all five parts (about 5 minutes on 2 cores)
 *   npm run bench -- --only=intake,workflow         some parts: bundles, intake, throughput, workflow, meetings
 *   npm run bench -- --rounds=9 --intakes=400       fewer cold-start rounds / intakes (quicker, noisier)
 *   also --probe-rounds=N (cold-start variants and probes, default 9), --intake-pairs=N (intake rounds, default 100)
 *
 * Prints a table as it goes and writes every figure to .kim/bench/results.json. Not part of `npm test`.
 */
import { join } from 'node:path';
import { PROJECT_ROOT } from './paths.ts';
import { benchBundles } from './bundles.ts';
import { benchIntakePath } from './intake-path.ts';
import { startLocalSystem } from './local-system.ts';
import { benchMeetings } from './meetings.ts';
import { Reporter } from './report.ts';
import { benchThroughput } from './throughput.ts';
import { benchWorkflowCost } from './workflow-cost.ts';

const PARTS = ['bundles', 'intake', 'throughput', 'workflow', 'meetings'] as const;
type Part = (typeof PARTS)[number];

function option(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.slice(2).find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

function count(name: string, fallback: number): number {
  const value = option(name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${name} must be a positive whole number, got "${value}"`);
  return parsed;
}

const unknown = process.argv.slice(2).filter((arg) => !/^--(only|rounds|probe-rounds|intakes|intake-pairs)=/.test(arg));
if (unknown.length > 0) throw new Error(`unknown arguments: ${unknown.join(' ')} (see tests/bench/run.ts)`);
const only = option('only')?.split(',') ?? [...PARTS];
const wrong = only.filter((part) => !(PARTS as readonly string[]).includes(part));
if (wrong.length > 0) throw new Error(`--only: unknown part(s) ${wrong.join(', ')}; parts are ${PARTS.join(', ')}`);
const wanted = (part: Part): boolean => only.includes(part);

if (!process.version.startsWith('v22.')) {
  console.warn(`Warning: the bench should run on Node 22 (Lambda's nodejs22.x) via \`npm run bench\`; this is ${process.version}.`);
}

const reporter = new Reporter(join(PROJECT_ROOT, '.kim', 'bench', 'results.json'));
process.stdout.write(`KIM Flow bench — ${new Date().toISOString()}, Node ${process.version}; figures are ratios measured side by side in this run.\n`);

/** A part that cannot be measured is reported and the others still run; the exit code then says so. */
let failedParts = 0;
async function part(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    failedParts += 1;
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    reporter.note(`FAILED to measure ${name}: ${message}`);
    reporter.record(`${name}Error`, message);
  }
}

// Cold starts first, while nothing else of the bench runs; then the in-process system (DynamoDB Local of its own)
// for the workflow, the intake path and the meetings; `npm start` (with its own DynamoDB Local) last.
if (wanted('bundles')) await part('bundles', () => benchBundles(reporter, { rounds: count('rounds', 15), probeRounds: count('probe-rounds', 9) }));

if (wanted('workflow') || wanted('intake') || wanted('meetings')) {
  await part('local system', async () => {
    const system = await startLocalSystem();
    try {
      // The workflow first: the intake bench fills the case managers' capacity (later cases go to the waiting list).
      if (wanted('workflow')) await part('workflow', () => benchWorkflowCost(reporter, system));
      if (wanted('intake')) await part('intake', () => benchIntakePath(reporter, system, { pairs: count('intake-pairs', 100) }));
      if (wanted('meetings')) await part('meetings', () => benchMeetings(reporter, system));
    } finally {
      await system.stop();
    }
  });
}

if (wanted('throughput')) await part('throughput', () => benchThroughput(reporter, { intakes: count('intakes', 1000), concurrency: 16 }));

reporter.summary();
reporter.write();
// Missed budgets are findings, not errors; only a part that could not be measured fails the run.
process.exitCode = failedParts > 0 || reporter.failedRows > 0 ? 1 : 0;
