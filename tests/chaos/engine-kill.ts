/**
 * Scenario 2: `kill -9` of the whole `npm start` (API, local Step Functions engine, schedules) while the workflows
 * of fresh intakes are between their steps, then `npm start` again on the same data dir. The engine keeps its
 * executions in memory, so the restart must resume every open case from its case item (core/workflow/resume-cases.ts):
 * exactly once, with exactly one running execution, and each case must go on to its next wait. Over all rounds no
 * mail may go out twice (the local SES outbox).
 */
import { randomUUID } from 'node:crypto';
import { intakeBody } from '../bench/local-system.ts';
import { pool } from '../bench/stats.ts';
import { eventually } from '../fixtures/eventually.ts';
import { caseStates, checkMails, checkResumes, occurrences, type TableItem } from './invariants.ts';
import type { ChaosReport } from './report.ts';
import { withServer, type ChaosServer } from './server.ts';

const SCENARIO = 'engine';
const MACHINE = 'intake-to-referral';
/** Stages a case passes before its first wait (the assessment, or the waiting list). */
const BEFORE_FIRST_WAIT = new Set(['intake', 'triaged', 'assigned']);
const SETTLE_TIMEOUT_MS = 300_000;
const STALE_ENDED = 'Ein übrig gebliebenes DynamoDB Local';
const RESUMED = /(\d+) offene\(r\) Fall\/Fälle nach dem Neustart fortgesetzt/g;

export interface EngineKillOptions {
  readonly cases: number;
  readonly restarts: number;
  readonly concurrency: number;
  readonly keepData: boolean;
}

const inFlight = (items: readonly TableItem[]): number => caseStates(items).filter((c) => BEFORE_FIRST_WAIT.has(c.stage) && !c.parked).length;

/** Waits until no case is before its first wait; how many still are when the time is up. */
async function settled(server: ChaosServer, report: ChaosReport, total: number): Promise<number> {
  let left = total;
  await eventually(async () => {
    left = inFlight(await server.scan());
    report.progress('cases at their next wait', total - left, total);
    return left === 0 ? true : undefined;
  }, SETTLE_TIMEOUT_MS).catch(() => undefined);
  return left;
}

export async function engineKillScenario(report: ChaosReport, options: EngineKillOptions): Promise<void> {
  report.line(`\n== 2. kill -9 of npm start with workflows in flight, ${String(options.restarts)} times, ${String(options.cases)} new cases each time`);
  await withServer(report, options.keepData, async (server) => {
    const staff = server.demo.staff.find((s) => s.role === 'intake');
    if (staff === undefined) throw new Error('Die Demo-Daten haben keine Person mit der Rolle intake.');
    for (let round = 1; round <= options.restarts; round++) {
      const token = await server.token(staff);
      const body = intakeBody(new Date());
      const rejected: string[] = [];
      let answered = 0;
      await pool(Array.from({ length: options.cases }, () => `chaos-${randomUUID()}`), options.concurrency, async (key) => {
        const answer = await server.api('POST', '/api/intakes', token, body, { 'idempotency-key': key });
        if (answer.status !== 202) rejected.push(`${key}: ${String(answer.status)}`);
        answered += 1;
        report.progress(`round ${String(round)}: intakes answered`, answered, options.cases);
      });
      report.expectNone(SCENARIO, `round ${String(round)}: intakes not answered 202`, rejected, options.cases);

      // Kill while some workflows are at their first wait and others still between steps (or right away, if few).
      const total = caseStates(await server.scan()).length;
      const atKill = await eventually(async () => {
        const flying = inFlight(await server.scan());
        return flying <= (options.cases * 2) / 3 ? flying : undefined;
      }, 60_000).catch(() => options.cases);
      const staleBefore = occurrences(server.output(), STALE_ENDED);
      const { restartedAt, refused } = await server.killAndRestart();
      const resumed = [...server.output().matchAll(RESUMED)].at(-1)?.[1] ?? '0';
      report.add({ scenario: SCENARIO, check: `round ${String(round)}: kill -9 with cases between steps / resumed by the start`, value: `${String(atKill)} of ${String(total)} / ${resumed}`, verdict: 'info' });
      report.add({ scenario: SCENARIO, check: `round ${String(round)}: npm start starts again at once after kill -9`, value: refused ?? 'yes', verdict: refused === undefined ? 'held' : 'BROKEN' });
      const staleEnded = occurrences(server.output(), STALE_ENDED) > staleBefore;
      report.add({ scenario: SCENARIO, check: `round ${String(round)}: stale DynamoDB Local ended by the next start`, value: staleEnded ? 'yes' : 'no', verdict: staleEnded ? 'held' : 'BROKEN' });

      const left = await settled(server, report, total);
      report.add({ scenario: SCENARIO, check: `round ${String(round)}: cases at their next wait after the restart`, value: `${String(total - left)} of ${String(total)}`, verdict: left === 0 ? 'held' : 'BROKEN' });
      const found = checkResumes(await server.scan(), await server.running(MACHINE), restartedAt);
      report.add({ scenario: SCENARIO, check: `round ${String(round)}: open cases resumed exactly once`, value: `${String(found.resumedOnce)} of ${String(found.open)}`, verdict: found.resumedOnce === found.open ? 'held' : 'BROKEN' });
      report.expectNone(SCENARIO, `round ${String(round)}: open cases not resumed`, found.notResumed, found.open);
      report.expectNone(SCENARIO, `round ${String(round)}: cases resumed twice`, found.resumedTwice, found.open);
      report.expectNone(SCENARIO, `round ${String(round)}: cases without exactly one execution`, found.wrongExecutions, found.open);
      if (found.parked > 0) report.add({ scenario: SCENARIO, check: `round ${String(round)}: parked cases (not resumed, by design)`, value: String(found.parked), verdict: 'info' });
    }
    const mails = checkMails(server.mails());
    report.add({ scenario: SCENARIO, check: 'mails in the outbox (per recipient)', value: String(mails.sent), verdict: 'info' });
    report.expectNone(SCENARIO, 'mails sent twice (recipient, subject, calendar)', mails.duplicates.map((d) => `${String(d.times)}× ${d.mail}`), mails.distinct);
  });
}
