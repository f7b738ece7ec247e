/**
 * 5. Meetings: the reconciler (core/meetings/reconcile.ts) over a year of all bodies' meetings for 100 recipients —
 * every body has the same 100 members — from scratch (an empty table but the memberships), and once more right
 * after, with nothing left to send. The repository is the real one on DynamoDB Local; the mailer only counts, so
 * the figures are the reconciler's (planning, materialising, claims and markers, composing each mail with its
 * iCalendar part), not SES's.
 *
 * Measured twice: `reconcileAll` (one sequential run: `npm run reconcile`, the local 15-minute schedule), and plan +
 * `reconcileMeeting` per meeting five at a time, as the state machine's Map (MaxConcurrency 5) runs them in AWS.
 */
import { createHash, randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { ManualClock } from '../../core/clock.ts';
import { createDocumentClient, createDynamoDbClient } from '../../core/adapters/aws-clients.ts';
import { BatchWriteCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoMinutesRepository } from '../../core/adapters/dynamo-minutes-repository.ts';
import { DynamoMeetingRepository } from '../../core/adapters/dynamo-meeting-repository.ts';
import { tableKeys } from '../../core/adapters/table-keys.ts';
import { createWorkingCalendar } from '../../core/calendar/working-days.ts';
import type { Mailer, OutgoingMail } from '../../core/mail/mail-message.ts';
import { planMeetingNotifications } from '../../core/meetings/plan-meetings.ts';
import { reconcileAll } from '../../core/meetings/reconcile-all.ts';
import { reconcileMeeting, type ReconcileDependencies } from '../../core/meetings/reconcile.ts';
import { materialiseAll } from '../../core/meetings/schedule.ts';
import { ensureTable } from '../../local/ensure-table.ts';
import { BENCH_START, REGION, type LocalSystem } from './local-system.ts';
import { ms, times, type Reporter } from './report.ts';
import { median, pool, round, stopwatch } from './stats.ts';

const RECIPIENTS = 100;
const BUDGET_MS = 1000;
const MAP_CONCURRENCY = 5;
const SEQUENTIAL_TABLE = 'kim-bench-meetings-sequential';

/** Counts what it is given; sends nothing. */
class CountingMailer implements Mailer {
  count = 0;
  recipients = 0;
  bytes = 0;
  send(mail: OutgoingMail): Promise<string> {
    this.count += 1;
    this.recipients += mail.to.length;
    this.bytes += mail.html.length + mail.text.length + (mail.icalEvent?.content.length ?? 0);
    return Promise.resolve(`bench-${this.count}`);
  }
}

interface Run {
  readonly ms: number;
  readonly meetings: number;
  readonly sent: number;
  readonly dynamoCalls: Record<string, number>;
  readonly dynamoMs: number;
  /** Time inside DynamoDB calls per command. */
  readonly dynamoMsByCommand: Record<string, number>;
  readonly conditionalFailures: number;
}

interface Setup {
  readonly deps: ReconcileDependencies;
  readonly mailer: CountingMailer;
  /** Runs `body` while counting and timing the repository's DynamoDB calls. */
  measure(body: () => Promise<{ meetings: number; sent: number }>): Promise<Run>;
  destroy(): void;
}

async function setUp(system: LocalSystem, tableName: string): Promise<Setup> {
  const client = createDynamoDbClient({ region: REGION, endpoint: system.dynamodbEndpoint });
  await ensureTable(client, tableName);
  const documents = createDocumentClient(client);
  let calls: Map<string, number> | undefined;
  let callMs = new Map<string, number>();
  let dynamoMs = 0;
  let conditionalFailures = 0;
  documents.middlewareStack.add(
    (next, context) => async (args) => {
      const elapsed = stopwatch();
      try {
        return await next(args);
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) conditionalFailures += 1;
        throw error;
      } finally {
        if (calls !== undefined) {
          const name = context.commandName ?? '?';
          calls.set(name, (calls.get(name) ?? 0) + 1);
          const took = elapsed();
          callMs.set(name, (callMs.get(name) ?? 0) + took);
          dynamoMs += took;
        }
      }
    },
    { step: 'initialize', priority: 'high', name: 'benchCount' },
  );
  const meetings = new DynamoMeetingRepository(documents, tableName);
  const clock = new ManualClock(BENCH_START);
  const memberships = system.profile.bodies.flatMap((body) => {
    const role = body.memberRoles.find((r) => r.id !== 'guest') ?? body.memberRoles[0];
    return Array.from({ length: RECIPIENTS }, (_, i) => ({
      id: `bench-${String(i + 1).padStart(3, '0')}`,
      bodyId: body.id,
      name: `Mitglied ${i + 1}`,
      email: `mitglied-${i + 1}@bench.example`,
      roleId: role?.id ?? 'member',
      from: '2025-01-01',
    }));
  });
  await pool(memberships, 16, (member) => meetings.saveMember(member, clock.now()));
  const mailer = new CountingMailer();
  const deps: ReconcileDependencies = {
    profile: system.profile,
    clock,
    calendar: createWorkingCalendar(system.profile),
    meetings,
    minutes: new DynamoMinutesRepository(documents, tableName),
    mailer,
    appUrl: 'http://127.0.0.1:3000',
    linkSecret: () => Promise.resolve(system.linkSecret),
  };
  return {
    deps,
    mailer,
    async measure(body) {
      calls = new Map();
      callMs = new Map();
      dynamoMs = 0;
      conditionalFailures = 0;
      const elapsed = stopwatch();
      const result = await body();
      const took = elapsed();
      const counted = Object.fromEntries(calls);
      calls = undefined;
      const byCommand = Object.fromEntries([...callMs].map(([name, total]) => [name, round(total)]));
      return { ms: took, meetings: result.meetings, sent: result.sent, dynamoCalls: counted, dynamoMs, dynamoMsByCommand: byCommand, conditionalFailures };
    },
    destroy() {
      documents.destroy();
      client.destroy();
    },
  };
}

/** The state machine's shape in-process: plan once, then the meetings `concurrency` at a time. */
async function planThenMap(deps: ReconcileDependencies, concurrency: number): Promise<{ meetings: number; sent: number }> {
  const { meetingIds } = await planMeetingNotifications(deps);
  let sent = 0;
  await pool(meetingIds, concurrency, async (meetingId) => {
    sent += (await reconcileMeeting(deps, meetingId)).sent;
  });
  return { meetings: meetingIds.length, sent };
}

export async function benchMeetings(reporter: Reporter, system: LocalSystem): Promise<void> {
  reporter.section(`5. Meetings: reconcile a year of all bodies' meetings, ${RECIPIENTS} recipients`);
  const sequential = await setUp(system, SEQUENTIAL_TABLE);
  const rawDocuments = createDocumentClient(system.dynamodb);
  const mapped = await setUp(system, 'kim-bench-meetings-map');
  const warmUp = await setUp(system, 'kim-bench-meetings-warm-up');
  try {
    // One untimed run first, so the timed ones measure the reconciler and not the JIT's first pass over it.
    const warmUpRun = await warmUp.measure(() => reconcileAll(warmUp.deps));
    const now = sequential.deps.clock.now();
    const materialise = stopwatch();
    const schedule = materialiseAll(system.profile, now, new Date(now.getTime() + 366 * 86_400_000));
    const materialiseMs = materialise();

    const first = await sequential.measure(() => reconcileAll(sequential.deps));
    const mailsFirst = sequential.mailer.count;
    const mapFirst = await mapped.measure(() => planThenMap(mapped.deps, MAP_CONCURRENCY));
    const second = await sequential.measure(() => reconcileAll(sequential.deps));
    const mapSecond = await mapped.measure(() => planThenMap(mapped.deps, MAP_CONCURRENCY));
    if (second.sent !== 0 || mapSecond.sent !== 0) throw new Error(`the second run sent ${second.sent + mapSecond.sent} mails; it must send nothing`);

    // The claims and markers of one meeting's 100 recipients through the repository, as the reconciler writes them:
    // one conditional transaction for the claims, four batch writes for the marks.
    const claimAndMark = async (): Promise<number> => {
      const meetingId = `bench-probe-${randomUUID()}`;
      const sends = Array.from({ length: RECIPIENTS }, (_, i) => ({ kind: 'invitation' as const, sequence: 0, email: `mitglied-${i + 1}@bench.example` }));
      const elapsed = stopwatch();
      const claimed = await sequential.deps.meetings.claimSends(meetingId, sends, now);
      await sequential.deps.meetings.markSent(meetingId, claimed.map((send) => ({ ...send, messageId: 'bench' })), now);
      return elapsed();
    };
    const batched: number[] = [];
    for (let i = 0; i < 3; i++) batched.push(await claimAndMark());
    // Batching instead: the same 100 markers as one TransactWriteItems (conditional, all or nothing) and as four
    // BatchWriteItem calls (no conditions), against 100 conditional PutItems one by one — raw SDK, same DynamoDB Local.
    const markerItems = (meetingId: string) =>
      Array.from({ length: RECIPIENTS }, (_, i) => {
        const key = tableKeys.sentMarker(meetingId, 'invitation', 0, createHash('sha256').update(`mitglied-${i + 1}@bench.example`).digest('hex').slice(0, 32));
        return { ...key, type: 'sentMarker', meetingId, kind: 'invitation', sequence: 0, email: `mitglied-${i + 1}@bench.example`, status: 'claimed', claimedAt: now.toISOString(), version: 1 };
      });
    const table = SEQUENTIAL_TABLE;
    const writeMarkers = async (how: 'puts' | 'transaction' | 'batches'): Promise<number> => {
      const items = markerItems(`bench-batch-${randomUUID()}`);
      const condition = { ConditionExpression: 'attribute_not_exists(pk)' };
      const elapsed = stopwatch();
      if (how === 'puts') for (const Item of items) await rawDocuments.send(new PutCommand({ TableName: table, Item, ...condition }));
      if (how === 'transaction') await rawDocuments.send(new TransactWriteCommand({ TransactItems: items.map((Item) => ({ Put: { TableName: table, Item, ...condition } })) }));
      if (how === 'batches') {
        for (let i = 0; i < items.length; i += 25) {
          await rawDocuments.send(new BatchWriteCommand({ RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
        }
      }
      return elapsed();
    };
    const writes = { puts: [] as number[], transaction: [] as number[], batches: [] as number[] };
    for (const how of ['puts', 'transaction', 'batches', 'batches', 'transaction', 'puts'] as const) writes[how].push(await writeMarkers(how));


    const calls = (run: Run): number => Object.values(run.dynamoCalls).reduce((a, b) => a + b, 0);
    const row = (label: string, run: Run, budget: boolean): void => {
      reporter.row({
        label,
        value: ms(run.ms),
        reference: `${run.sent} mails, ${calls(run)} DynamoDB calls`,
        budget: budget ? '< 1000 ms' : '',
        status: budget ? (run.ms < BUDGET_MS ? 'met' : 'MISSED') : 'info',
      });
    };
    row('reconcileAll from scratch', first, true);
    row('reconcileAll again, nothing to send', second, true);
    row(`plan + Map of ${MAP_CONCURRENCY} (as in AWS), from scratch`, mapFirst, false);
    row(`plan + Map of ${MAP_CONCURRENCY}, nothing to send`, mapSecond, false);
    reporter.row({ label: '  materialising the year alone (CPU)', value: ms(materialiseMs), reference: `${schedule.occurrences.length} meetings` });
    reporter.row({ label: '  from scratch: time inside DynamoDB calls', value: ms(first.dynamoMs), reference: `${round(first.dynamoMs / calls(first), 2)} ms per call` });
    reporter.row({ label: '  from scratch: the rest (plan, compose mails)', value: ms(first.ms - first.dynamoMs), reference: `${round((first.ms - first.dynamoMs) / Math.max(1, mailsFirst), 2)} ms per mail` });
    reporter.row({ label: '  nothing to send: time inside DynamoDB calls', value: ms(second.dynamoMs), reference: `${round(second.dynamoMs / calls(second), 2)} ms per call` });
    reporter.row({ label: `  claim + mark ${RECIPIENTS} recipients (repository)`, value: ms(median(batched)), reference: '1 transaction + 4 batch writes' });
    reporter.row({ label: `  ${RECIPIENTS} conditional PutItems one by one (raw)`, value: ms(median(writes.puts)) });
    reporter.row({ label: `  the same as one TransactWriteItems`, value: ms(median(writes.transaction)), reference: `${times(median(writes.puts) / median(writes.transaction))} faster` });
    reporter.row({ label: `  the same as 4 BatchWriteItems (no conditions)`, value: ms(median(writes.batches)), reference: `${times(median(writes.puts) / median(writes.batches))} faster` });
    // Calls a nothing-to-send run needs at least: the meeting list, the minutes' due follow-ups, members once per body,
    // the markers per meeting.
    const minimalCalls = 2 + system.profile.bodies.length + second.meetings;
    reporter.row({ label: '  nothing to send: calls it needs at least', value: String(minimalCalls), reference: `it makes ${calls(second)}` });
    const perCommand = (run: Run): string =>
      Object.entries(run.dynamoCalls)
        .map(([name, n]) => `${name.replace(/Command$/, '')} ${n} (${ms(run.dynamoMsByCommand[name] ?? Number.NaN)})`)
        .join(', ');
    reporter.note(`DynamoDB calls from scratch: ${perCommand(first)}; again: ${perCommand(second)} (${second.conditionalFailures} conditional puts refused)`);
    reporter.note(
      `${first.meetings} meetings in the next 366 days (${system.profile.bodies.length} bodies, ${RECIPIENTS} members each, same people), clock at ${BENCH_START}; ` +
        'the mailer is an in-process counter (no SES, no MIME): the bench measures the reconciler.',
    );
    const budgetFirst = reporter.budget({ id: 'meetings.fromScratch', description: 'meeting reconciliation from scratch', measured: round(first.ms), limit: BUDGET_MS, comparison: '<', unit: 'ms' });
    const budgetSecond = reporter.budget({ id: 'meetings.nothingToSend', description: 'meeting reconciliation with nothing to send', measured: round(second.ms), limit: BUDGET_MS, comparison: '<', unit: 'ms' });
    reporter.record('meetings', {
      recipients: RECIPIENTS,
      bodies: system.profile.bodies.length,
      clock: BENCH_START,
      materialise: { ms: round(materialiseMs), meetings: schedule.occurrences.length, problems: schedule.problems.length },
      mails: { count: mailsFirst, characters: sequential.mailer.bytes },
      warmUpRun,
      reconcileAll: { fromScratch: first, nothingToSend: second },
      mapConcurrency5: { fromScratch: mapFirst, nothingToSend: mapSecond },
      markerWrites100Ms: { putsOneByOne: writes.puts.map((x) => round(x)), oneTransaction: writes.transaction.map((x) => round(x)), fourBatchWrites: writes.batches.map((x) => round(x)) },
      claimAndMark100: { repositoryMs: batched.map((x) => round(x)) },
      budgets: [budgetFirst, budgetSecond],
    });
  } finally {
    sequential.destroy();
    mapped.destroy();
    warmUp.destroy();
  }
}
