/**
 * Hand-over on the real intake-to-referral ASL in the local engine, through the API: one case while it waits for the
 * assessment, all open cases of a case manager who left (waiting for the assessment, for a referral's outcome, for
 * closure), and many hand-overs of one case at once. After each: every caseload counter equals the open cases its
 * person owns, the waiting steps are answered by the new case manager (the old one is refused), reminders reach the
 * new one, nothing is parked, and the new case manager got one mail.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableKeys } from '../../core/adapters/table-keys.ts';
import type { CaseRecord } from '../../core/cases/case.ts';
import { assessWithOneReferral, LANGUAGE_ASSESSMENT } from '../fixtures/case-steps.ts';
import { intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';
import { expectCountersMatchRebuild } from '../fixtures/kpi-counters.ts';

const DAY = 24 * 60 * 60 * 1000;
const REASON = 'Elternzeit der bisherigen Case-Managerin ab Dezember.';

describe('handing cases over', () => {
  const h = new WorkflowHarness();
  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  const managers = () => h.demo.staff.filter((s) => s.role === 'casemanager');
  const handedOverMails = (caseId: string) => h.outbox.list().filter((m) => m.subject === `Fall ${caseId} an Sie übergeben`);
  const mailsTo = (email: string) => h.outbox.list().filter((m) => m.recipients.includes(email));
  const emailOf = (staffId: string) => h.staff(staffId).email;

  /** The invariant the hand-over must keep: each caseload counter is the number of open cases its person owns. */
  async function expectExactCounters(): Promise<void> {
    const open = (
      await Promise.all((['assigned', 'awaiting-assessment', 'referring', 'monitoring'] as const).map((stage) => h.deps.cases.listCasesInStage(stage)))
    ).flat();
    for (const m of managers()) {
      const owned = open.filter((c) => c.caseManagerId === m.id).length;
      expect(await h.openCasesOf(m.id, 'casemanager', m.providerId), m.id).toBe(owned);
    }
  }

  async function newCase(needs: string[] = ['language']): Promise<CaseRecord> {
    const submitted = await h.api('POST', '/api/intakes', 'intake', intakeFor({ needs: { categories: needs } }));
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    return h.waitForStage(String(submitted.body.caseId), 'awaiting-assessment', 'assessment');
  }

  const assess = (caseId: string, as: string) => assessWithOneReferral(h, caseId, as);

  const handOver = (caseId: string, from: string, target: string, as = 'coordinator') => h.api('POST', `/api/cases/${caseId}/handover`, as, { from, target, reason: REASON });

  it('hands one case over while it waits for the assessment: the new case manager submits it, the old one is refused', async () => {
    const record = await newCase();
    const { caseId } = record;
    const from = record.caseManagerId ?? '';

    // Who may take it: active, covering Kreuzau and Willkommensberatung, not the present one; least loaded first.
    const listed = await h.api('GET', `/api/cases/${caseId}/handover`, 'coordinator');
    expect(listed.status).toBe(200);
    const targets = listed.body.targets as { staffId: string; openCases: number }[];
    expect(targets.map((t) => t.staffId).sort()).toEqual(['ayse-yilmaz', 'samuel-mensah', 'thomas-mueller'].filter((id) => id !== from).sort());
    const to = targets[0]?.staffId ?? '';

    // Coordination only; a reason; a target who covers the case.
    expect((await handOver(caseId, from, to, 'intake')).status).toBe(403);
    expect((await handOver(caseId, from, to, from)).status).toBe(403);
    const noReason = await h.api('POST', `/api/cases/${caseId}/handover`, 'coordinator', { from, target: to });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([{ field: 'reason', message: 'bitte den Grund der Übergabe angeben' }]);
    const notCovering = await handOver(caseId, from, 'anna-weber');
    expect(notCovering.status).toBe(400);
    const juelich = h.profile.providers.find((p) => p.id === 'kommune-juelich')?.name ?? '';
    expect(notCovering.body.errors).toEqual([{ field: 'target', message: `Anna Weber (${juelich}) deckt Kreuzau im Schwerpunkt Willkommensberatung nicht ab` }]);
    expect((await handOver(caseId, from, from)).body.errors).toEqual([{ field: 'target', message: 'die gewählte Person ist bereits zuständig' }]);
    expect((await handOver(caseId, from, 'lena-hoffmann')).body.errors).toEqual([{ field: 'target', message: 'die gewählte Person ist keine Case-Managerin und kein Case-Manager' }]);

    await h.clock.advance(2 * DAY);
    const moved = await handOver(caseId, from, to);
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toEqual({ caseId, stage: 'awaiting-assessment', caseManagerId: to, handedOver: true });
    // The same call again (a retry): nothing moves, no second mail.
    expect((await handOver(caseId, from, to)).body).toEqual({ caseId, stage: 'awaiting-assessment', caseManagerId: to, handedOver: false });
    await expectExactCounters();
    expect(handedOverMails(caseId).map((m) => m.recipients)).toEqual([[emailOf(to)]]);

    const after = await h.case(caseId);
    expect(after).toMatchObject({ caseManagerId: to, stage: 'awaiting-assessment', assessmentRequestedAt: h.clock.now().toISOString() });
    expect(after.assessmentTaskToken).toBe(record.assessmentTaskToken);
    expect(after.handoverNotice).toBeUndefined();
    const event = (await h.deps.cases.listEvents(caseId)).find((e) => e.kind === 'handed-over');
    expect(event).toMatchObject({ actor: h.staff('coordinator').id, details: { from, to, choice: 'manual', reason: REASON } });

    // The reminder counts from the hand-over and goes to the new case manager.
    const reminder = `Erinnerung: Bedarfsklärung für Fall ${caseId} steht aus`;
    await h.advanceAndSettle(7 * DAY);
    expect(mailsTo(emailOf(to)).filter((m) => m.subject === reminder)).toHaveLength(1);
    expect(mailsTo(emailOf(from)).filter((m) => m.subject === reminder)).toHaveLength(0);

    expect((await h.api('POST', `/api/cases/${caseId}/assessment`, from, LANGUAGE_ASSESSMENT)).status).toBe(403);
    await assess(caseId, to);
    expect((await h.case(caseId)).attention).toBeUndefined();
    await expectExactCounters();
  });

  it('hands over every open case of a case manager who left: all move, counters exact, each wait answered by the new case manager', async () => {
    const leaving = h.staff('samuel-mensah');
    // Three cases of hers: waiting for the assessment, for a referral's outcome, for closure.
    const waiting = await newCase();
    const referring = await newCase();
    const monitoring = await newCase();
    const referralId = await assess(referring.caseId, referring.caseManagerId ?? '');
    const answered = await assess(monitoring.caseId, monitoring.caseManagerId ?? '');
    expect((await h.api('POST', `/api/referrals/${answered}/outcome`, monitoring.caseManagerId ?? '', { outcome: 'accepted' })).status).toBe(200);
    await h.waitForStage(monitoring.caseId, 'monitoring', 'closure');
    for (const c of [waiting, referring, monitoring]) {
      const current = await h.case(c.caseId);
      if (current.caseManagerId !== leaving.id) expect((await handOver(c.caseId, current.caseManagerId ?? '', leaving.id)).status).toBe(200);
    }
    await expectExactCounters();

    // She leaves (as `npm run staff -- disable` marks her); her cases are listed for the coordination.
    await h.documents.send(
      new UpdateCommand({ TableName: h.tableName, Key: tableKeys.staffKey(leaving.id), UpdateExpression: 'SET disabledAt = :at', ExpressionAttributeValues: { ':at': h.clock.now().toISOString() } }),
    );
    const list = await h.api('GET', '/api/case-managers', 'coordinator');
    expect((list.body.caseManagers as { staffId: string; active: boolean }[]).find((m) => m.staffId === leaving.id)?.active).toBe(false);
    const own = await h.api('GET', `/api/staff/${leaving.id}/cases`, 'coordinator');
    const ownIds = (own.body.cases as { caseId: string }[]).map((c) => c.caseId);
    expect(ownIds).toEqual(expect.arrayContaining([waiting.caseId, referring.caseId, monitoring.caseId]));
    // The caseload page shows her as having left, with the open cases still hers.
    const caseloadRow = async () => ((await h.api('GET', '/api/caseload', 'coordinator')).body.caseManagers as { staffId: string; openCases: number; leftAt?: string }[]).find((m) => m.staffId === leaving.id);
    expect(await caseloadRow()).toMatchObject({ openCases: ownIds.length, leftAt: expect.any(String) as unknown });
    // Nobody hands a case to her any more.
    const other = (await h.case(waiting.caseId)).caseManagerId === leaving.id ? referring : waiting;
    expect((await handOver(other.caseId, leaving.id, leaving.id)).status).toBe(400);

    // Two runs at once, then a third: each case moves once; the re-run finds nothing left.
    const runs = await Promise.all([1, 2].map(() => h.api('POST', `/api/staff/${leaving.id}/handover`, 'coordinator', { target: 'auto', reason: REASON })));
    for (const run of runs) expect(run.status, JSON.stringify(run.body)).toBe(200);
    const results = runs.flatMap((run) => run.body.results as { caseId: string; outcome: string; caseManagerId?: string }[]);
    for (const caseId of ownIds) expect(results.filter((r) => r.caseId === caseId && r.outcome === 'moved'), caseId).toHaveLength(1);
    expect(results.every((r) => r.outcome !== 'refused')).toBe(true);
    const rerun = await h.api('POST', `/api/staff/${leaving.id}/handover`, 'coordinator', { target: 'auto', reason: REASON });
    expect(rerun.body).toEqual({ staffId: leaving.id, results: [], remaining: 0 });
    await expectExactCounters();
    expect(await h.openCasesOf(leaving.id, 'casemanager', leaving.providerId)).toBe(0);
    expect((await h.deps.cases.listCasesOfCaseManager(leaving.id)).filter((c) => c.stage !== 'closed')).toEqual([]);
    // Nothing left to hand over: she is gone from the caseload page.
    expect(await caseloadRow()).toBeUndefined();
    for (const caseId of ownIds) expect(handedOverMails(caseId).filter((m) => m.recipients.includes(emailOf((results.find((r) => r.caseId === caseId && r.outcome === 'moved')?.caseManagerId) ?? '')))).toHaveLength(1);

    // Each waiting step answered by the new case manager; she is refused everywhere.
    const ownerOf = async (caseId: string) => (await h.case(caseId)).caseManagerId ?? '';
    expect((await h.api('POST', `/api/referrals/${referralId}/outcome`, leaving.id, { outcome: 'accepted' })).status).toBe(403);
    expect((await h.api('POST', `/api/cases/${monitoring.caseId}/close`, leaving.id, { closureReason: 'goals-achieved' })).status).toBe(403);

    // The service's reminder names the new case manager to answer to.
    await h.advanceAndSettle(16 * DAY); // more than 10 working days after the referral went out
    const reminder = h.outbox.list().find((m) => m.subject === `Erinnerung: Rückmeldung zur Vermittlung – Vorgang ${referring.caseId}`);
    const text = (await simpleParser(h.outbox.read(reminder?.messageId ?? '') ?? Buffer.alloc(0))).text ?? '';
    expect(text).toContain(h.staff(await ownerOf(referring.caseId)).name);
    expect(text).not.toContain(leaving.name);

    await assess(waiting.caseId, await ownerOf(waiting.caseId));
    expect((await h.api('POST', `/api/referrals/${referralId}/outcome`, await ownerOf(referring.caseId), { outcome: 'accepted' })).status).toBe(200);
    await h.waitForStage(referring.caseId, 'monitoring', 'closure');
    const closed = await h.api('POST', `/api/cases/${monitoring.caseId}/close`, await ownerOf(monitoring.caseId), { closureReason: 'goals-achieved' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect((await handOver(monitoring.caseId, await ownerOf(monitoring.caseId), 'auto')).body.message).toBe('Ein abgeschlossener Fall wird nicht übergeben. Soll weiter an ihm gearbeitet werden, eröffnen Sie ihn zuerst wieder.');
    for (const caseId of ownIds) expect((await h.case(caseId)).attention, caseId).toBeUndefined();
    await expectExactCounters();
  });

  it('keeps the counters exact when twenty hand-overs of one case race to different targets', async () => {
    const record = await newCase();
    const from = record.caseManagerId ?? '';
    const targets = ['ayse-yilmaz', 'thomas-mueller', 'auto'].filter((id) => id !== from);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => handOver(record.caseId, from, targets[i % targets.length] ?? 'auto')));
    expect(answers.every((a) => a.status === 200 || a.status === 409), JSON.stringify(answers.map((a) => a.body))).toBe(true);
    const winners = answers.filter((a) => a.body.handedOver === true);
    expect(winners).toHaveLength(1);
    const owner = (await h.case(record.caseId)).caseManagerId;
    expect(winners[0]?.body.caseManagerId).toBe(owner);
    // Everyone else either saw the same result or was told the case had moved to someone else.
    for (const a of answers) if (a.status === 200) expect(a.body.caseManagerId).toBe(owner);
    await expectExactCounters();
    expect((await h.deps.cases.listEvents(record.caseId)).filter((e) => e.kind === 'handed-over')).toHaveLength(1);
    expect(handedOverMails(record.caseId).map((m) => m.recipients)).toEqual([[emailOf(owner ?? '')]]);
  });

  it('leaves the KPI counters equal to a rebuild from the facts (every write above counted once)', async () => {
    await expectCountersMatchRebuild(h);
  });
});
