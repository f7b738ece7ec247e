/**
 * Scenario 1: SIGKILL of DynamoDB Local in the middle of a burst of intakes, each with its own Idempotency-Key.
 * npm start's supervision starts it again; the clients then retry every intake that got no 202 with the same key
 * until it does. Checked on a scan of the table: every 202's case is stored with all parts of its transaction,
 * nothing is half-written, one case per key, no case a client was never told of. Acknowledged intakes that
 * DynamoDB Local itself lost (README, "DynamoDB Local can lose acknowledged writes") are counted apart: reported,
 * not a broken promise of KIM Flow.
 */
import { randomUUID } from 'node:crypto';
import { intakeBody } from '../bench/local-system.ts';
import { pool } from '../bench/stats.ts';
import { eventually } from '../fixtures/eventually.ts';
import { caseStates, checkIntakes, INTAKE_PARTS, occurrences, type Accepted } from './invariants.ts';
import type { ChaosReport } from './report.ts';
import { withServer } from './server.ts';

const SCENARIO = 'dynamodb';
const RESTARTED = 'DynamoDB Local läuft wieder';
const RETRY_ROUNDS = 10;

export interface DynamoDbKillOptions {
  readonly intakes: number;
  readonly concurrency: number;
  readonly keepData: boolean;
}

export async function dynamoDbKillScenario(report: ChaosReport, options: DynamoDbKillOptions): Promise<void> {
  report.line(`\n== 1. SIGKILL of DynamoDB Local during ${String(options.intakes)} intakes (${String(options.concurrency)} at once), clients retry with the same key`);
  await withServer(report, options.keepData, async (server) => {
    const staff = server.demo.staff.find((s) => s.role === 'intake');
    if (staff === undefined) throw new Error('Die Demo-Daten haben keine Person mit der Rolle intake.');
    const token = await server.token(staff);
    // The same body for every attempt of a key: a retry is the same request (its hash is checked on replay).
    const body = intakeBody(new Date());
    const run = randomUUID().slice(0, 8);
    const keys = Array.from({ length: options.intakes }, (_, i) => `chaos-${run}-${String(i)}`);
    const accepted: Accepted[] = [];
    const post = async (key: string): Promise<number> => {
      const answer = await server.api('POST', '/api/intakes', token, body, { 'idempotency-key': key });
      if (answer.status === 202) accepted.push({ key, caseId: String(answer.body.caseId) });
      return answer.status;
    };

    let answered = 0;
    let killedAfter: number | undefined;
    const restartsBefore = occurrences(server.output(), RESTARTED);
    const failed: string[] = [];
    const statuses = new Map<number, number>();
    await pool(keys, options.concurrency, async (key) => {
      const status = await post(key);
      if (status !== 202) failed.push(key);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      answered += 1;
      report.progress('intakes answered', answered, options.intakes);
      if (killedAfter === undefined && answered >= options.intakes / 2) {
        killedAfter = answered;
        server.killDynamoDbLocal();
        report.line(`   SIGKILL of DynamoDB Local after ${String(answered)} answers`);
      }
    });
    const answers = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status === 0 ? 'none' : String(status)}×${String(n)}`);
    report.add({ scenario: SCENARIO, check: 'burst: answers (HTTP status × count)', value: answers.join(' '), verdict: 'info' });

    const restarted = await eventually(() => (occurrences(server.output(), RESTARTED) > restartsBefore ? true : undefined), 120_000).catch(() => false);
    report.add({ scenario: SCENARIO, check: 'npm start restarted DynamoDB Local', value: restarted ? 'yes' : 'no', verdict: restarted ? 'held' : 'BROKEN' });

    // The clients retry what got no 202, with the same key, until it does (or they give up).
    let pending = failed;
    let rounds = 0;
    while (pending.length > 0 && rounds < RETRY_ROUNDS) {
      rounds += 1;
      const still: string[] = [];
      await pool(pending, options.concurrency, async (key) => {
        if ((await post(key)) !== 202) still.push(key);
      });
      report.line(`   retry round ${String(rounds)}: ${String(pending.length - still.length)} of ${String(pending.length)} answered 202`);
      pending = still;
      if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
    }

    const items = await server.scan();
    const found = checkIntakes(keys, accepted, items);
    report.expectNone(SCENARIO, 'keys never answered 202 after retrying', found.neverAccepted, found.keys);
    const lostKeys = found.accepted - found.stored;
    report.add({
      scenario: SCENARIO,
      check: `202s whose case is stored whole (${INTAKE_PARTS.length} items)`,
      value: `${String(found.stored)} of ${String(found.accepted)}`,
      // Short only by what DynamoDB Local lost outright: that is its property, counted on the next line.
      verdict: lostKeys === 0 ? 'held' : lostKeys === found.lost.length && found.halfWritten.length === 0 ? 'lost' : 'BROKEN',
    });
    report.add({
      scenario: SCENARIO,
      check: 'lost by DynamoDB Local (202, then nothing stored)',
      value: String(found.lost.length),
      verdict: found.lost.length === 0 ? 'held' : 'lost',
      examples: found.lost,
    });
    report.expectNone(SCENARIO, 'half-written intakes (some items, not all)', found.halfWritten.map((h) => `${h.caseId} ohne ${h.missing.join(', ')}`), found.accepted);
    report.expectNone(SCENARIO, 'keys with more than one case', found.duplicates, found.keys);
    report.expectNone(SCENARIO, 'cases stored that no 202 named', found.unclaimed, found.accepted);
    const parked = caseStates(items).filter((c) => c.parked).length;
    report.add({ scenario: SCENARIO, check: 'workflows parked by the outage (technical fault)', value: String(parked), verdict: 'info' });
  });
}
