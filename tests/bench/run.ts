/**
 * `npm run bench`: KIM Flow's performance budgets (ARCHITECTURE.md, "Performance budgets"), each measured as a
 * ratio against a reference taken in the same run, because absolute times on a shared machine are noise.
 * `npm run bench -- --help` lists the parts and options (the first five parts take about 5 minutes on 2 cores; scale
 * takes a few minutes more, and about 10 more the first time, when it seeds its 31,000 cases).
 *
 * Prints a table as it goes and writes every figure to .kim/bench/results.json. Not part of `npm test`.
 */
// First: the handlers' log level must be set before their Logger is built.
import './quiet-handlers.ts';
import { join } from 'node:path';
import * as z from 'zod';
import { exitWithMistake, parseCommandLine, type Command, type CommandOptions } from '../../bin/command-line.ts';
import { formatIssues } from '../../core/validation/format-issues.ts';
import { PROJECT_ROOT } from './paths.ts';
import { benchBundles } from './bundles.ts';
import { benchIntakePath } from './intake-path.ts';
import { startLocalSystem } from './local-system.ts';
import { benchMeetings } from './meetings.ts';
import { Reporter } from './report.ts';
import { benchScale } from './scale.ts';
import { benchThroughput } from './throughput.ts';
import { benchWorkflowCost } from './workflow-cost.ts';

const PARTS = ['bundles', 'intake', 'throughput', 'workflow', 'meetings', 'scale'] as const;
type Part = (typeof PARTS)[number];

/** Fewer rounds or intakes: quicker, noisier. */
const DEFAULT_COUNTS = { rounds: 15, 'probe-rounds': 9, intakes: 1000, 'intake-pairs': 100, 'small-cases': 1000, 'large-cases': 30_000, 'scale-rounds': 20 } as const;

const count = (fallback: number) => {
  const error = 'muss eine ganze Zahl ab 1 sein';
  return z.coerce.number({ error }).int({ error }).min(1, { error }).default(fallback);
};

const optionsSchema = z.object({
  only: z
    .string()
    .transform((list) => list.split(','))
    .pipe(z.array(z.enum(PARTS, { error: `kennt nur die Teile ${PARTS.join(', ')}` })))
    .default([...PARTS]),
  rounds: count(DEFAULT_COUNTS.rounds),
  'probe-rounds': count(DEFAULT_COUNTS['probe-rounds']),
  intakes: count(DEFAULT_COUNTS.intakes),
  'intake-pairs': count(DEFAULT_COUNTS['intake-pairs']),
  'small-cases': count(DEFAULT_COUNTS['small-cases']),
  'large-cases': count(DEFAULT_COUNTS['large-cases']),
  'scale-rounds': count(DEFAULT_COUNTS['scale-rounds']),
});

const countOption = (description: string, name: keyof typeof DEFAULT_COUNTS) =>
  ({ type: 'string', valueName: '<n>', description: `${description} (Standard: ${DEFAULT_COUNTS[name]})` }) as const;

const BENCH_COMMAND = {
  name: 'npm run bench',
  synopsis: ['[Optionen]'],
  summary: [
    'Misst die Leistungsbudgets von KIM Flow, jeweils als Verhältnis zu einer Referenz aus demselben Lauf, und schreibt',
    'alle Zahlen nach .kim/bench/results.json. Die ersten fünf Teile dauern auf 2 Kernen etwa 5 Minuten, der Skalierungs-Teil',
    'einige Minuten mehr (beim ersten Mal etwa 10 weitere zum Befüllen mit 31000 Fällen); kleinere Zahlen',
    'machen den Lauf schneller und die Werte unruhiger. Exit-Code 1, wenn ein Budget verfehlt oder ein Teil nicht messbar war.',
  ].join('\n'),
  options: {
    only: { type: 'string', valueName: '<Teile>', description: `nur diese Teile, mit Komma getrennt: ${PARTS.join(', ')} (Standard: alle)` },
    rounds: countOption('Kaltstart-Runden je Handler', 'rounds'),
    'probe-rounds': countOption('Runden der Kaltstart-Varianten und Proben', 'probe-rounds'),
    intakes: countOption('Anträge im Durchsatz-Teil', 'intakes'),
    'intake-pairs': countOption('Runden des Antragswegs', 'intake-pairs'),
    'small-cases': countOption('Fälle der kleinen Tabelle im Skalierungs-Teil', 'small-cases'),
    'large-cases': countOption('Fälle der großen Tabelle im Skalierungs-Teil (das erste Befüllen dauert bei 30000 etwa 10 Minuten, danach aus .kim/bench/scale-data)', 'large-cases'),
    'scale-rounds': countOption('Runden je Vorgang im Skalierungs-Teil', 'scale-rounds'),
  },
  maxPositionals: 0,
  examples: ['npm run bench', 'npm run bench -- --only=intake,workflow', 'npm run bench -- --rounds=9 --intakes=400', 'npm run bench -- --only scale --small-cases 200 --large-cases 2000'],
} satisfies Command<CommandOptions>;

const parsedOptions = optionsSchema.safeParse(parseCommandLine(BENCH_COMMAND).values);
if (!parsedOptions.success) {
  // `--only=x,y` names each wrong part at its index; one sentence per option is enough.
  const sentences = formatIssues(parsedOptions.error.issues).map(({ field, message }) => `--${field.replace(/\[\d+\]$/, '')} ${message}.`);
  exitWithMistake(BENCH_COMMAND, [...new Set(sentences)].join(' '));
}
const options = parsedOptions.data;
if (options['small-cases'] >= options['large-cases']) exitWithMistake(BENCH_COMMAND, '--small-cases muss kleiner als --large-cases sein.');
const wanted = (part: Part): boolean => options.only.includes(part);

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
if (wanted('bundles')) await part('bundles', () => benchBundles(reporter, { rounds: options.rounds, probeRounds: options['probe-rounds'] }));

if (wanted('workflow') || wanted('intake') || wanted('meetings')) {
  await part('local system', async () => {
    const system = await startLocalSystem();
    try {
      // The workflow first: the intake bench fills the case managers' capacity (later cases go to the waiting list).
      if (wanted('workflow')) await part('workflow', () => benchWorkflowCost(reporter, system));
      if (wanted('intake')) await part('intake', () => benchIntakePath(reporter, system, { pairs: options['intake-pairs'] }));
      if (wanted('meetings')) await part('meetings', () => benchMeetings(reporter, system));
    } finally {
      await system.stop();
    }
  });
}

if (wanted('throughput')) await part('throughput', () => benchThroughput(reporter, { intakes: options.intakes, concurrency: 16 }));

if (wanted('scale')) {
  await part('scale', () => benchScale(reporter, { smallCases: options['small-cases'], largeCases: options['large-cases'], rounds: options['scale-rounds'] }));
}

reporter.summary();
reporter.write();
// Missed budgets are findings, not errors; only a part that could not be measured fails the run.
process.exitCode = failedParts > 0 || reporter.failedRows > 0 ? 1 : 0;
