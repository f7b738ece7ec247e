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

const DAY = 24 * 60 * 60 * 1000;

describe('goals in monitoring, and the record\'s retention', () => {
  const h = new WorkflowHarness();
  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  const mailsTo = (address: string) => h.outbox.list().filter((m) => m.recipients.includes(address));
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

    await h.advanceAndSettle(4 * DAY); // Saturday: past the date, but no working day after it yet
    expect(mailsTo(email).filter((m) => m.subject === subject)).toHaveLength(0);
    // Tuesday 10:00. The wait before the reminder is computed from the time its step reads; with the test's clock,
    // which jumps, that can be the start of a jump — so the assertions leave a day's room (the wait is at most a day).
    await h.advanceAndSettle(3 * DAY + 2 * 60 * 60 * 1000);
    await eventually(() => (mailsTo(email).some((m) => m.subject === subject) ? true : undefined));
    const mail = h.outbox.read(mailsTo(email).find((m) => m.subject === subject)?.messageId ?? '')?.toString('utf8') ?? '';
    expect(mail).toContain('Z01');
    // The goal's wording is the person's: it stays in the case.
    expect(mail).not.toContain('Wohnberechtigungsschein');
    await h.advanceAndSettle(2 * DAY);
    expect(mailsTo(email).filter((m) => m.subject === subject)).toHaveLength(1);

    // A new target date: the reminder comes again once that date has passed.
    const [current] = (await h.deps.records.listGoals(caseId));
    expect(current?.reminderSentAt).toBeDefined();
    const moved = await h.api('POST', `/api/cases/${caseId}/goals/Z01`, manager, { status: 'open', targetDate: '2026-12-09', version: current?.version });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.reminderSentAt).toBeUndefined();
    await h.advanceAndSettle(5 * DAY); // Tuesday 8 December, 10:00: the new date is still ahead
    expect(mailsTo(email).filter((m) => m.subject === subject)).toHaveLength(1);
    await h.advanceAndSettle(3 * DAY); // Friday 11 December, 10:00: a working day after it (and a day's room)
    await eventually(() => (mailsTo(email).filter((m) => m.subject === subject).length === 2 ? true : undefined));
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

    const closed = await close({ closureReason: 'referred-on', goals: [{ goalId: 'Z01', status: 'achieved' }, { goalId: 'Z02', status: 'partly-achieved' }] });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect((await h.deps.records.listGoals(caseId)).map((g) => g.status)).toEqual(['achieved', 'partly-achieved']);
    expect((await h.case(caseId)).closureReason).toBe('referred-on');
    await eventually(() => (executionOf(caseId, 1).status === 'SUCCEEDED' ? true : undefined));

    expect((await h.api('POST', `/api/cases/${caseId}/reopen`, manager, { reason: 'Die Person ist zurück.' })).status).toBe(200);
    expect((await h.case(caseId)).closureReason).toBeUndefined();
    const closures = (await h.deps.cases.listEvents(caseId)).filter((e) => e.kind === 'closed');
    expect(closures.map((e) => e.details)).toEqual([{ retentionDays: h.profile.retention.caseClosedDays, reason: 'referred-on', goals: 2, goalsAchieved: 1 }]);
  });
});
