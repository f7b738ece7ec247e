/**
 * Erasure (Art. 17 DSGVO) on the real intake-to-referral ASL in the local engine, through the API, against DynamoDB
 * Local: a canary person — their family name in the name, the street, the needs, a contact's note, both kinds of
 * notes, a goal, a referral's decline text and a hand-over's reason — with two referrals sent and one held back is
 * erased; then a Scan of the whole table finds the canary in no item, the case's partition holds only the tombstone and
 * its history, the KPI report is what it was (but for the case's stage "at retrieval": closed now), both services are
 * told by a mail whose subject names only the referral, the old execution is stopped and the erasing one succeeded.
 * Ten erasures at once: one tombstone, one stop, one mail per service.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableKeys } from '../../core/adapters/table-keys.ts';
import { outcomeTimer, sendReferral } from '../../core/workflow/referral-steps.ts';
import { sweepCases } from '../../core/workflow/sweep-cases.ts';
import { eventually } from '../fixtures/eventually.ts';
import { intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';
import { expectCountersMatchRebuild } from '../fixtures/kpi-counters.ts';

const COORDINATOR = 'coordinator';
const TODAY = '2026-11-24';
const DAY = 24 * 60 * 60 * 1000;
const SERVICES = { language: 'integrationskurs', school: 'kita-platzvergabe', health: 'gesundheitsamt' } as const;

type KpiBody = { sections: { id: string; tables: { id: string; rows: { id: string; value: number | null }[] }[] }[] };

describe('erasure of a person (Art. 17)', () => {
  const h = new WorkflowHarness();
  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  const serviceMail = (service: string) => h.profile.services.find((s) => s.id === service)?.contact.email ?? '';
  const erasureMails = (caseId: string) => h.outbox.list().filter((m) => m.subject.startsWith(`Löschung: Vermittlung ${caseId}-`));
  const kpi = async (): Promise<KpiBody> => {
    const report = await h.api('GET', '/api/reports/kpi?from=2026-11-01&to=2026-12-31', COORDINATOR);
    expect(report.status).toBe(200);
    return report.body as unknown as KpiBody;
  };
  /** The report's figures but the cases by stage "at retrieval", which the erasure moves to closed (README: Erasure). */
  const figures = (report: KpiBody) => report.sections.map((s) => ({ id: s.id, tables: s.tables.filter((t) => t.id !== 'cases.byStage') }));
  const byStage = (report: KpiBody): Record<string, number | null> =>
    Object.fromEntries((report.sections.flatMap((s) => s.tables).find((t) => t.id === 'cases.byStage')?.rows ?? []).map((r) => [r.id, r.value]));

  /** A case with three referrals: language and school sent on consents, health held back for want of one. */
  async function canaryCase(canary: string): Promise<{ caseId: string; manager: string; referralIds: string[] }> {
    const submitted = await h.api(
      'POST',
      '/api/intakes',
      'intake',
      intakeFor({
        familyName: canary,
        address: { street: `${canary}weg 3`, postalCode: '52372', city: 'Kreuzau' },
        needs: { categories: ['language', 'childcare-school', 'health'], description: `Familie ${canary} sucht Kita und Kurs` },
      }),
    );
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const caseId = String(submitted.body.caseId);
    const manager = (await h.waitForStage(caseId, 'awaiting-assessment', 'assessment')).caseManagerId ?? '';
    const assessed = await h.api('POST', `/api/cases/${caseId}/assessment`, manager, {
      needs: [
        { category: 'language', serviceId: SERVICES.language },
        { category: 'childcare-school', serviceId: SERVICES.school },
        { category: 'health', serviceId: SERVICES.health },
      ],
      consents: [
        { serviceId: SERVICES.language, form: 'written', givenAt: TODAY },
        { serviceId: SERVICES.school, form: 'written', givenAt: TODAY },
      ],
    });
    expect(assessed.status, JSON.stringify(assessed.body)).toBe(200);
    const referralIds = assessed.body.referralIds as string[];
    await eventually(async () => {
      const statuses = await Promise.all(referralIds.map(async (id) => (await h.deps.referrals.getReferral(id))?.status));
      return statuses.filter((s) => s === 'sent').length === 2 && statuses.includes('held-no-consent') ? true : undefined;
    });
    return { caseId, manager, referralIds };
  }

  it('erases the canary everywhere, keeps the KPI figures and the tombstone, tells both services, stops the workflow', async () => {
    const canary = `Kanarienvogel-${randomBytes(6).toString('hex').replace(/\d/g, (d) => 'abcdefghij'.charAt(Number(d)))}`;
    const { caseId, manager, referralIds } = await canaryCase(canary);
    expect((await h.api('POST', `/api/cases/${caseId}/contacts`, manager, { date: TODAY, durationMinutes: 30, form: 'in-person', needCategories: ['language'], note: `Gespräch mit ${canary}` })).status).toBe(201);
    expect((await h.api('POST', `/api/cases/${caseId}/notes`, manager, { level: 'ordinary', text: `Notiz zu ${canary}` })).status).toBe(201);
    expect((await h.api('POST', `/api/cases/${caseId}/notes`, manager, { level: 'psychosocial', text: `Belastung bei ${canary}` })).status).toBe(201);
    expect((await h.api('POST', `/api/cases/${caseId}/goals`, manager, { text: `${canary} beginnt den Kurs`, needCategory: 'language', targetDate: '2027-02-01' })).status).toBe(201);
    const school = referralIds.find((id) => id.endsWith('-V02')) ?? '';
    const declined = await h.api('POST', `/api/referrals/${school}/outcome`, manager, { outcome: 'declined', reasonCode: 'other', reason: `Kein Platz für ${canary}` });
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    const handedOver = await h.api('POST', `/api/cases/${caseId}/handover`, COORDINATOR, { from: manager, target: 'auto', reason: `Wunsch von ${canary}` });
    expect(handedOver.status, JSON.stringify(handedOver.body)).toBe(200);
    expect(JSON.stringify(await h.scanTable())).toContain(canary);
    const before = await kpi();

    // Coordination only, the case number typed again, a basis of the list.
    expect((await h.api('POST', `/api/cases/${caseId}/erasure`, manager, { basis: 'request', confirm: caseId })).status).toBe(403);
    const wrong = await h.api('POST', `/api/cases/${caseId}/erasure`, COORDINATOR, { basis: 'request', confirm: 'KIM-2026-00000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([{ field: 'confirm', message: `stimmt nicht mit der Fallnummer ${caseId} überein` }]);
    expect((await h.api('POST', `/api/cases/${caseId}/erasure`, COORDINATOR, { basis: 'whim', confirm: caseId })).status).toBe(400);
    expect((await h.case(caseId)).erasedAt).toBeUndefined();

    const erased = await h.api('POST', `/api/cases/${caseId}/erasure`, COORDINATOR, { basis: 'request', confirm: caseId.toLowerCase() });
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    expect(erased.body).toMatchObject({ caseId, basis: 'request', erasedBy: h.staff(COORDINATOR).id });
    // Done: the tombstone says so, and the erasing execution has ended (its last act dates the history).
    const done = await eventually(async () => {
      const record = await h.case(caseId);
      return record.erasureDoneAt === undefined || h.execution(caseId, 2).status !== 'SUCCEEDED' ? undefined : record;
    });

    // Nothing of the person in any item of the table.
    const items = await h.scanTable();
    expect(items.filter((item) => JSON.stringify(item).includes(canary))).toEqual([]);
    const partition = items.filter((item) => item.pk === tableKeys.case(caseId).pk).map((item) => String(item.sk));
    // The tombstone, its history and its KPI facts (codes and instants, what the counters were moved with) stay.
    expect(partition.filter((sk) => sk !== 'CASE' && sk !== tableKeys.kpiFacts(caseId).sk && !sk.startsWith('EVENT#'))).toEqual([]);
    // What stays has its date: the tombstone's, or a read's own (read audit).
    const undated = items.filter((item) => item.pk === tableKeys.case(caseId).pk && typeof item.expiresAt !== 'number');
    expect(undated.map((item) => item.sk)).toEqual([]);
    expect(items.filter((item) => String(item.pk).startsWith('IDEMPOTENCY#') && item.caseId === caseId)).toEqual([]);
    const referrals = items.filter((item) => item.gsi2pk === tableKeys.referralsOfCase(caseId).gsi2pk).sort((a, b) => String(a.referralId).localeCompare(String(b.referralId)));
    expect(referrals.map((r) => [r.referralId, r.status, r.serviceId])).toEqual([
      [`${caseId}-V01`, 'sent', SERVICES.language],
      [school, 'declined', SERVICES.school],
      [`${caseId}-V03`, 'held-no-consent', SERVICES.health],
    ]);
    expect(referrals.every((r) => r.erasedAt !== undefined && r.taskToken === undefined && r.outcomeReason === undefined && typeof r.expiresAt === 'number')).toBe(true);
    expect(referrals.find((r) => r.referralId === school)?.outcomeReasonCode).toBe('other');

    // The tombstone: the case number, when, by whom, on what basis; closed, with the retention of a closed case.
    expect(done).toMatchObject({ caseId, stage: 'closed', erasureBasis: 'request', erasedBy: h.staff(COORDINATOR).id, generation: 2, needCategories: [] });
    expect(typeof done.expiresAt).toBe('number');
    const page = await h.api('GET', `/api/cases/${caseId}`, COORDINATOR);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ case: { caseId, erasureBasis: 'request' }, referrals: [], consents: [], history: [] });
    expect(page.body).not.toHaveProperty('client');
    const history = await h.deps.cases.listEvents(caseId);
    expect(history.find((e) => e.kind === 'handed-over')?.details).not.toHaveProperty('reason');
    expect(history.filter((e) => e.kind === 'erased')).toHaveLength(1);

    // The statistics: every figure as before; only the stage "at retrieval" says closed now.
    const after = await kpi();
    expect(figures(after)).toEqual(figures(before));
    const [stagesBefore, stagesAfter] = [byStage(before), byStage(after)];
    expect(stagesAfter.referring).toBe((stagesBefore.referring ?? 0) - 1);
    expect(stagesAfter.closed).toBe((stagesBefore.closed ?? 0) + 1);

    // Art. 19: both services that received data told once, the subject without the person; none for the held referral.
    const mails = erasureMails(caseId);
    expect(mails.map((m) => m.recipients).flat().sort()).toEqual([serviceMail(SERVICES.school), serviceMail(SERVICES.language)].sort());
    expect(mails.map((m) => m.subject).sort()).toEqual([`Löschung: Vermittlung ${caseId}-V01`, `Löschung: Vermittlung ${school}`]);

    // The old execution stopped, the erasing one ended; nothing more is recorded for the case.
    expect(h.executionsOf(caseId).map((e) => [e.name, e.status]).sort()).toEqual([
      [`${caseId}-1`, 'ABORTED'],
      [`${caseId}-2`, 'SUCCEEDED'],
    ]);
    const late = await h.api('POST', `/api/referrals/${caseId}-V01/outcome`, h.staff('casemanager', (s) => s.id === done.caseManagerId).id, { outcome: 'accepted' });
    expect(late.status).toBe(409);
    expect((await h.api('POST', `/api/cases/${caseId}/reopen`, COORDINATOR, { reason: 'Neue Fragen.' })).status).toBe(409);
    // A step of an old execution that was not stopped in time sends and writes nothing more for an erased referral.
    await h.clock.advance(30 * DAY);
    const mailsBefore = h.outbox.list().length;
    const v01 = await h.deps.referrals.getReferral(`${caseId}-V01`);
    expect(await outcomeTimer(h.deps, caseId, `${caseId}-V01`)).toEqual({ status: 'stopped' });
    expect(await sendReferral(h.deps, caseId, `${caseId}-V03`)).toEqual({ status: 'stopped' });
    expect(h.outbox.list()).toHaveLength(mailsBefore);
    expect((await h.deps.referrals.getReferral(`${caseId}-V01`))?.version).toBe(v01?.version);
    // A repeated erasure answers with the tombstone and changes nothing.
    const again = await h.api('POST', `/api/cases/${caseId}/erasure`, COORDINATOR, { basis: 'consent-withdrawn', confirm: caseId });
    expect(again.body).toMatchObject({ basis: 'request', done: true });
    expect(h.executionsOf(caseId)).toHaveLength(2);
    expect(erasureMails(caseId)).toHaveLength(2);
  });

  it('ten erasures at once: one tombstone, one stop, one mail per service', async () => {
    const { caseId } = await canaryCase(`Kanarienvogel-${randomBytes(4).toString('hex').replace(/\d/g, 'x')}`);
    // A send in flight (read before the erasure, claimed after it) is fenced: its consent is gone, its referral changed.
    const [consent] = await h.deps.cases.listConsents(caseId);
    const inFlight = await h.deps.referrals.getReferral(`${caseId}-V01`);
    if (consent === undefined || inFlight === undefined) throw new Error('consent or referral missing');
    const answers = await Promise.all(Array.from({ length: 10 }, () => h.api('POST', `/api/cases/${caseId}/erasure`, COORDINATOR, { basis: 'consent-withdrawn', confirm: caseId })));
    expect(answers.map((a) => a.status)).toEqual(Array<number>(10).fill(200));
    expect(new Set(answers.map((a) => a.body.erasedAt)).size).toBe(1);
    await expect(h.deps.referrals.claimSend(inFlight, consent, h.clock.now())).rejects.toThrow('changed meanwhile');
    await eventually(async () => ((await h.case(caseId)).erasureDoneAt === undefined || h.execution(caseId, 2).status !== 'SUCCEEDED' ? undefined : true));
    expect((await h.deps.cases.listEvents(caseId)).filter((e) => e.kind === 'erased')).toHaveLength(1);
    expect((await h.case(caseId)).generation).toBe(2);
    expect(h.executionsOf(caseId).map((e) => [e.name, e.status]).sort()).toEqual([
      [`${caseId}-1`, 'ABORTED'],
      [`${caseId}-2`, 'SUCCEEDED'],
    ]);
    expect(erasureMails(caseId).map((m) => m.subject).sort()).toEqual([`Löschung: Vermittlung ${caseId}-V01`, `Löschung: Vermittlung ${caseId}-V02`]);
    // The daily sweeper restarts no erased case (the tombstone is closed), and its ended execution stays ended.
    expect(await sweepCases(h.deps)).toEqual({ restarted: 0, renewed: 0 });
    expect(h.executionsOf(caseId)).toHaveLength(2);

    // An erasure whose execution ended unfinished (a step failed for good: parked) is driven on by calling again.
    await h.documents.send(
      new UpdateCommand({
        TableName: h.tableName,
        Key: tableKeys.case(caseId),
        UpdateExpression: 'REMOVE erasureDoneAt SET attention = :parked',
        ExpressionAttributeValues: { ':parked': { step: 'EraseCaseData', at: h.clock.now().toISOString() } },
      }),
    );
    const resumed = await h.api('POST', `/api/cases/${caseId}/erasure`, COORDINATOR, { basis: 'request', confirm: caseId });
    expect(resumed.body).toMatchObject({ basis: 'consent-withdrawn', done: false });
    const finished = await eventually(async () => {
      const record = await h.case(caseId);
      return record.erasureDoneAt === undefined || h.execution(caseId, 3).status !== 'SUCCEEDED' ? undefined : record;
    });
    expect(finished.attention).toBeUndefined();
    expect(erasureMails(caseId)).toHaveLength(2);
  });

  it('leaves the KPI counters equal to a rebuild from the facts (every write above counted once)', async () => {
    await expectCountersMatchRebuild(h);
  });
});
