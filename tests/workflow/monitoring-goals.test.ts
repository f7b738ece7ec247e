/**
 * The support plan in the workflow's monitoring, on the real intake-to-referral ASL in the local engine: a goal
 * past its target date brings its case manager one reminder (working days after the date, once per date, again
 * after a new date), and the case record follows the case's retention — every contact, note and goal gets the
 * closed case's expiresAt in the step after the closure, and loses it when the case is reopened.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableKeys } from '../../core/adapters/table-keys.ts';
import { eventually } from '../fixtures/eventually.ts';
import { INTAKE_MACHINE_ARN, intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

describe('goals in monitoring, and the record\'s retention', () => {
  const h = new WorkflowHarness();
  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  const mailsTo = (address: string) => h.outbox.list().filter((m) => m.recipients.includes(address));
  /** Moves the clock an hour at a time (at most `limitMs`) until `done` holds; whether it did. */
  async function advanceUntil(done: () => boolean, limitMs: number): Promise<boolean> {
    for (let moved = 0; !done() && moved < limitMs; moved += HOUR) await h.advanceAndSettle(HOUR);
    return done();
  }
  const executionOf = (caseId: string, generation: number) => h.engine.describeExecution(`${INTAKE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${caseId}-${String(generation)}`);

  /** A case in monitoring: assessed with a need no service covers (a gap), so it goes straight on to the closure wait. */
  async function caseInMonitoring(): Promise<{ caseId: string; manager: string }> {
    const submitted = await h.api('POST', '/api/intakes', 'intake', intakeFor({ needs: { categories: ['housing'] } }));
    const caseId = String(submitted.body.caseId);
    const manager = (await h.waitForStage(caseId, 'awaiting-assessment', 'assessment')).caseManagerId ?? '';
    expect((await h.api('POST', `/api/cases/${caseId}/assessment`, manager, { needs: [{ category: 'housing' }], consents: [] })).status).toBe(200);
    await h.waitForStage(caseId, 'monitoring', 'closure');
    return { caseId, manager };
  }

  it('reminds the case manager once after the target date (working days), and again after a new date', async () => {
    const { caseId, manager } = await caseInMonitoring();
    const email = h.staff(manager).email;
    const subject = `Erinnerung: Ziele im Hilfeplan von Fall ${caseId} überprüfen`;
    // Tuesday 2026-11-24: the goal is due on Friday, the reminder on Monday morning.
    const goal = await h.api('POST', `/api/cases/${caseId}/goals`, manager, { text: 'Wohnberechtigungsschein beantragen', needCategory: 'housing', targetDate: '2026-11-27' });
    expect(goal.status).toBe(201);

    const reminders = () => mailsTo(email).filter((m) => m.subject === subject).length;
    await h.advanceAndSettle(4 * DAY); // Saturday: past the date, but no working day after it yet
    expect(reminders()).toBe(0);
    // Monday 08:00 it is due. The step's next wait is computed from the time it reads, and the test's clock jumps:
    // the clock moves on in hours until the reminder is there — within the day the wait lasts at most.
    await h.advanceAndSettle(2 * DAY);
    expect(await advanceUntil(() => reminders() === 1, DAY)).toBe(true);
    const mail = h.outbox.read(mailsTo(email).find((m) => m.subject === subject)?.messageId ?? '')?.toString('utf8') ?? '';
    expect(mail).toContain('Z01');
    // The goal's wording is the person's: it stays in the case.
    expect(mail).not.toContain('Wohnberechtigungsschein');
    await h.advanceAndSettle(2 * DAY);
    expect(reminders()).toBe(1);

    // A new target date: the reminder comes again once that date has passed.
    const [current] = await h.deps.records.listGoals(caseId);
    expect(current?.reminderSentAt).toBeDefined();
    const targetDate = h.deps.calendar.localDate(new Date(h.clock.now().getTime() + 5 * DAY));
    const moved = await h.api('POST', `/api/cases/${caseId}/goals/Z01`, manager, { status: 'open', targetDate, version: current?.version });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.reminderSentAt).toBeUndefined();
    await h.advanceAndSettle(5 * DAY); // the new date itself: still no reminder
    expect(reminders()).toBe(1);
    expect(await advanceUntil(() => reminders() === 2, 5 * DAY)).toBe(true);
    const events = (await h.deps.cases.listEvents(caseId)).filter((e) => e.kind === 'goal-reminder-sent');
    expect(events).toHaveLength(2);
    expect((await h.case(caseId)).attention).toBeUndefined();
  });

  it('gives every contact, note and goal the closed case\'s retention, and takes it away when the case is reopened', async () => {
    const { caseId, manager } = await caseInMonitoring();
    expect((await h.api('POST', `/api/cases/${caseId}/contacts`, manager, { date: h.clock.now().toISOString().slice(0, 10), durationMinutes: 30, form: 'phone' })).status).toBe(201);
    expect((await h.api('POST', `/api/cases/${caseId}/notes`, manager, { level: 'psychosocial', text: 'Belastet.' })).status).toBe(201);
    expect((await h.api('POST', `/api/cases/${caseId}/goals`, manager, { text: 'Wohnung', needCategory: 'housing', targetDate: '2027-05-01' })).status).toBe(201);
    const recordItems = async () =>
      (await Promise.all(tableKeys.caseRecordPrefixes().map((prefix) => h.itemsWithPrefix(tableKeys.case(caseId).pk, prefix)))).flat();
    expect(await recordItems()).toHaveLength(3);

    const closed = await h.api('POST', `/api/cases/${caseId}/close`, manager, { closureReason: 'moved-away', goals: [{ goalId: 'Z01', status: 'dropped' }] });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    await eventually(() => (executionOf(caseId, 1).status === 'SUCCEEDED' ? true : undefined));
    expect((await recordItems()).map((item) => item.expiresAt)).toEqual([closed.body.expiresAt, closed.body.expiresAt, closed.body.expiresAt]);
    const client = await h.documents.send(new GetCommand({ TableName: h.tableName, Key: tableKeys.client(caseId) }));
    expect(client.Item?.expiresAt).toBe(closed.body.expiresAt);

    expect((await h.api('POST', `/api/cases/${caseId}/reopen`, manager, { reason: 'Neue Fragen zur Wohnung.' })).status).toBe(200);
    await eventually(async () => ((await recordItems()).every((item) => item.expiresAt === undefined) ? true : undefined));
    await h.waitForStage(caseId, 'monitoring', 'closure');
  });

  it("closes with its evaluation: a coded reason and every open goal's final status, in one step; reopening keeps the earlier one in the history", async () => {
    const { caseId, manager } = await caseInMonitoring();
    for (const text of ['Wohnung finden', 'Mietvertrag verstehen']) {
      expect((await h.api('POST', `/api/cases/${caseId}/goals`, manager, { text, needCategory: 'housing', targetDate: '2027-05-01' })).status).toBe(201);
    }
    const close = (body: unknown) => h.api('POST', `/api/cases/${caseId}/close`, manager, body);
    // Every problem at once: the missing reason does not hide the goals still without a final status.
    expect((await close({})).body.errors).toEqual([
      { field: 'closureReason', message: 'bitte einen Abschlussgrund des Profils wählen' },
      { field: 'goals.Z01', message: 'bitte den abschließenden Stand angeben' },
      { field: 'goals.Z02', message: 'bitte den abschließenden Stand angeben' },
    ]);
    expect((await close({ closureReason: 'goals-achieved', goals: [{ goalId: 'Z01', status: 'achieved' }] })).body.errors).toEqual([
      { field: 'goals.Z02', message: 'bitte den abschließenden Stand angeben' },
    ]);
    const unknown = await close({ closureReason: 'goals-achieved', goals: [{ goalId: 'Z01', status: 'achieved' }, { goalId: 'Z02', status: 'open' }, { goalId: 'Z09', status: 'dropped' }] });
    expect(unknown.status).toBe(400);
    expect((unknown.body.errors as { field: string }[]).map((e) => e.field)).toEqual(['goals[1].status']);
    expect((await h.case(caseId)).stage).toBe('monitoring');
    expect((await h.deps.records.listGoals(caseId)).map((g) => g.status)).toEqual(['open', 'open']);

    // The KPI report counts what closing and the record write (counters in the same transactions), not a read per case.
    const kpi = async (): Promise<Record<string, number | null>> => {
      const report = await h.api('GET', '/api/reports/kpi?from=2026-11-01&to=2026-12-31', 'sabine-kraemer');
      const record = (report.body.sections as { id: string; tables: { id: string; rows: { id: string; value: number | null; numerator?: { value: number | null } }[] }[] }[]).find((x) => x.id === 'record');
      const rows = (id: string) => record?.tables.find((t) => t.id === id)?.rows ?? [];
      return {
        referredOn: rows('record.closuresByReason').find((r) => r.id === 'referred-on')?.value ?? null,
        achieved: rows('record.goalsByStatus').find((r) => r.id === 'achieved')?.value ?? null,
        video: rows('record.contactsByForm').find((r) => r.id === 'video')?.value ?? null,
      };
    };
    const before = await kpi();
    expect((await h.api('POST', `/api/cases/${caseId}/contacts`, manager, { date: h.clock.now().toISOString().slice(0, 10), durationMinutes: 20, form: 'video' })).status).toBe(201);
    const closed = await close({ closureReason: 'referred-on', goals: [{ goalId: 'Z01', status: 'achieved' }, { goalId: 'Z02', status: 'partly-achieved' }] });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(await kpi()).toEqual({ referredOn: (before.referredOn ?? 0) + 1, achieved: (before.achieved ?? 0) + 1, video: (before.video ?? 0) + 1 });
    expect((await h.deps.records.listGoals(caseId)).map((g) => g.status)).toEqual(['achieved', 'partly-achieved']);
    expect((await h.case(caseId)).closureReason).toBe('referred-on');
    await eventually(() => (executionOf(caseId, 1).status === 'SUCCEEDED' ? true : undefined));

    expect((await h.api('POST', `/api/cases/${caseId}/reopen`, manager, { reason: 'Die Person ist zurück.' })).status).toBe(200);
    expect((await h.case(caseId)).closureReason).toBeUndefined();
    const closures = (await h.deps.cases.listEvents(caseId)).filter((e) => e.kind === 'closed');
    expect(closures.map((e) => e.details)).toEqual([{ retentionDays: h.profile.retention.caseClosedDays, reason: 'referred-on', goals: 2, goalsAchieved: 1 }]);
  });
});
