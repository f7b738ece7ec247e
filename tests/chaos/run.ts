/**
 * `npm run chaos`: the fault tests behind issue 16's findings, repeated on demand against `npm start`s of its own
 * (free ports, temporary data dirs): DynamoDB Local killed during a burst of intakes, `npm start` killed with
 * workflows in flight, several meeting reconcilers at once. Prints progress, then a table of every check with its
 * numbers; exit code 1 when a promise is broken. Not part of `npm test` (it takes minutes and kills processes).
 */
import { exitWithMistake } from '../../bin/command-line.ts';
import { CHAOS_COMMAND, readChaosCommandLine, type Scenario } from './command.ts';
import { dynamoDbKillScenario } from './dynamodb-kill.ts';
import { engineKillScenario } from './engine-kill.ts';
import { reconcilersScenario } from './reconcilers.ts';
import { ChaosReport } from './report.ts';
import { stopAll } from '../fixtures/npm-start.ts';

const line = readChaosCommandLine(process.argv.slice(2));
if (line.kind === 'help') {
  console.log(line.text);
  process.exit(0);
}
if (line.kind === 'mistake') exitWithMistake(CHAOS_COMMAND, line.message);
const { options } = line;

// Ctrl-C: stop the npm starts of this run (they stop their DynamoDB Local), then end.
process.once('SIGINT', () => {
  void stopAll().finally(() => process.exit(130));
});

const report = new ChaosReport();
report.line(`KIM Flow chaos — ${new Date().toISOString()}, scenarios: ${options.only.join(', ')}`);
const started = Date.now();
const scenarios: Record<Scenario, () => Promise<void>> = {
  dynamodb: () => dynamoDbKillScenario(report, { intakes: options.intakes, concurrency: options.concurrency, keepData: options.keep }),
  engine: () => engineKillScenario(report, { cases: options.cases, restarts: options.restarts, concurrency: options.concurrency, keepData: options.keep }),
  reconcilers: () => reconcilersScenario(report, { reconcilers: options.reconcilers, keepData: options.keep }),
};
for (const scenario of options.only) {
  try {
    await scenarios[scenario]();
  } catch (error) {
    // A scenario that could not run proves nothing: that is a failure of the run, and the others still run.
    report.add({ scenario, check: 'scenario ran to the end', value: error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error), verdict: 'BROKEN' });
  }
}

report.line(`\n== Result after ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
report.line(report.table());
const lost = report.checks.some((c) => c.verdict === 'lost');
report.line(
  `\n${report.brokenCount > 0 ? 'BROKEN: at least one promise does not hold (exit code 1).' : 'All promises held.'}` +
    (lost ? ' "lost" counts acknowledged writes DynamoDB Local itself lost when killed (see README); they do not fail the run.' : ''),
);
process.exitCode = report.brokenCount > 0 ? 1 : 0;
