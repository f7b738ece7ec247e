/**
 * Consents and referrals added after the assessment, on the real intake-to-referral ASL in the local engine through
 * the API: a late consent releases the referral held for lack of it (a new execution generation sends it and follows
 * it to its outcome), an added need is referred and followed up, a declined referral goes to another service, ten
 * consents at once send the held referral once, and refused input changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../core/cases/case.ts';
import { eventually } from '../fixtures/eventually.ts';
import { INTAKE_MACHINE_ARN, intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';
import { expectCountersMatchRebuild } from '../fixtures/kpi-counters.ts';

const TODAY = '2026-11-24';
const DAY = 24 * 60 * 60 * 1000;

describe('consents and referrals after the assessment', () => {
  const h = new WorkflowHarness();
  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  const executionsOf = (caseId: string) =>
    h.engine
      .listExecutions(INTAKE_MACHINE_ARN, undefined)
      .filter((e) => e.name.startsWith(`${caseId}-`))
      .map((e) => [e.name, e.status])
      .sort();
  const serviceMails = (caseId: string, serviceId: string) => {
    const to = h.profile.services.find((s) => s.id === serviceId)?.contact.email ?? '';
    return h.outbox.list().filter((m) => m.recipients.includes(to) && m.subject === `Vermittlung aus dem Kommunalen Integrationsmanagement – Vorgang ${caseId}`);
  };
  const referral = async (referralId: string) => {
    const found = await h.deps.referrals.getReferral(referralId);
    if (found === undefined) throw new Error(`referral ${referralId} missing`);
    return found;
  };
  /** Waits until the referral is sent and its outcome awaited (the token stored). */
  const awaited = (referralId: string) => eventually(async () => ((await referral(referralId)).taskToken !== undefined ? true : undefined));

  /** A case past its assessment: needs and consents as given; waits until the workflow has settled every referral or waits for it. */
  async function assessed(needs: { category: string; serviceId?: string }[], consents: { serviceId: string }[]): Promise<{ caseId: string; manager: string; referralIds: string[] }> {
    const submitted = await h.api('POST', '/api/intakes', 'intake', intakeFor({ needs: { categories: needs.map((n) => n.category) } }));
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const caseId = String(submitted.body.caseId);
    const manager = (await h.waitForStage(caseId, 'awaiting-assessment', 'assessment')).caseManagerId ?? '';
    const answer = await h.api('POST', `/api/cases/${caseId}/assessment`, manager, { needs, consents: consents.map((c) => ({ ...c, form: 'written', givenAt: TODAY })) });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return { caseId, manager, referralIds: answer.body.referralIds as string[] };
  }

  /** What the service answered, as record-outcome saves it: the referral's status, and the waiting step answered. */
  async function answered(referralId: string, outcome: 'accepted' | 'declined'): Promise<void> {
    const { taskToken, ...sent } = await referral(referralId);
    await h.deps.referrals.updateReferral(sent, { status: outcome, outcomeAt: h.clock.now().toISOString() }, { kind: 'referral-outcome', actor: 'test', details: { referralId, outcome } }, h.clock.now());
    if (taskToken !== undefined) await h.deps.callbacks.succeed(taskToken, { outcome });
  }

  it('a late consent releases the held referral: sent once, followed to its outcome, the case closable again', async () => {
    const { caseId, manager, referralIds } = await assessed([{ category: 'language', serviceId: 'integrationskurs' }], []);
    const [referralId = ''] = referralIds;
    const before = await h.waitForStage(caseId, 'monitoring', 'closure');
    expect((await referral(referralId)).status).toBe('held-no-consent');
    expect(serviceMails(caseId, 'integrationskurs')).toHaveLength(0);

    const added = await h.api('POST', `/api/cases/${caseId}/consents`, manager, { serviceId: 'integrationskurs', form: 'oral', givenAt: TODAY });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(added.body).toMatchObject({ releasedReferralIds: [referralId], generation: before.generation + 1, restarted: true });
    await awaited(referralId);
    expect((await referral(referralId)).status).toBe('sent');
    expect(serviceMails(caseId, 'integrationskurs')).toHaveLength(1);
    expect(executionsOf(caseId)).toEqual([
      [`${caseId}-1`, 'ABORTED'],
      [`${caseId}-2`, 'RUNNING'],
    ]);
    // Not closable while its referral is on its way: closing needs monitoring and the closure's wait.
    const referring = await h.case(caseId);
    expect(referring.stage).toBe('referring');
    expect(referring.closureTaskToken).toBeUndefined();

    expect((await h.api('POST', `/api/referrals/${referralId}/outcome`, manager, { outcome: 'accepted' })).status).toBe(200);
    // Closable again: in monitoring, the new generation waiting for the closure.
    expect(await h.waitForStage(caseId, 'monitoring', 'closure')).toMatchObject({ generation: 2 });
    const kinds = (await h.deps.cases.listEvents(caseId)).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['consent-recorded', 'referral-released', 'referral-sent']));
    expect(serviceMails(caseId, 'integrationskurs')).toHaveLength(1);
  });

  it('a consent before the assessment is only stored, and the assessment\'s referral goes out on it', async () => {
    const submitted = await h.api('POST', '/api/intakes', 'intake', intakeFor({ needs: { categories: ['language'] } }));
    const caseId = String(submitted.body.caseId);
    const waiting = await h.waitForStage(caseId, 'awaiting-assessment', 'assessment');
    const manager = waiting.caseManagerId ?? '';
    const stored = await h.api('POST', `/api/cases/${caseId}/consents`, manager, { serviceId: 'integrationskurs', form: 'electronic', givenAt: TODAY });
    expect(stored.body).toMatchObject({ releasedReferralIds: [], generation: 1, restarted: false });
    expect(executionsOf(caseId)).toEqual([[`${caseId}-1`, 'RUNNING']]);
    // The assessment's wait still works: its token is kept on the case.
    await h.waitForStage(caseId, 'awaiting-assessment', 'assessment');
    const answer = await h.api('POST', `/api/cases/${caseId}/assessment`, manager, { needs: [{ category: 'language', serviceId: 'integrationskurs' }], consents: [] });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const [referralId = ''] = answer.body.referralIds as string[];
    await awaited(referralId);
    expect(serviceMails(caseId, 'integrationskurs')).toHaveLength(1);
  });

  it('an added need is referred and followed up; a declined referral goes to another service', async () => {
    const { caseId, manager, referralIds } = await assessed([{ category: 'language', serviceId: 'integrationskurs' }], [{ serviceId: 'integrationskurs' }, { serviceId: 'kita-platzvergabe' }]);
    const [first = ''] = referralIds;
    await awaited(first);
    await answered(first, 'accepted');
    await h.waitForStage(caseId, 'monitoring', 'closure');

    // A need found later: a new referral on a consent given in the assessment.
    const added = await h.api('POST', `/api/cases/${caseId}/referrals`, manager, { category: 'childcare-school', serviceId: 'kita-platzvergabe' });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(added.body).toMatchObject({ referralId: `${caseId}-V02`, generation: 2, restarted: true });
    const second = String(added.body.referralId);
    await awaited(second);
    expect(serviceMails(caseId, 'kita-platzvergabe')).toHaveLength(1);
    expect((await h.case(caseId)).needCategories).toEqual(['language', 'childcare-school']);
    // The same need again while its referral runs: refused.
    const busy = await h.api('POST', `/api/cases/${caseId}/referrals`, manager, { category: 'childcare-school', serviceId: 'schulamt' });
    expect(busy.status).toBe(409);
    expect(busy.body.message).toBe(`Für den Bedarf „KITA und Schule“ läuft bereits eine Vermittlung (${second}).`);

    // Declined: referred to another service, which has no consent yet — held until it comes, then sent.
    await answered(second, 'declined');
    await h.waitForStage(caseId, 'monitoring', 'closure');
    const sameService = await h.api('POST', `/api/cases/${caseId}/referrals`, manager, { category: 'childcare-school', serviceId: 'kita-platzvergabe', replaces: second });
    expect(sameService.body.errors).toEqual([{ field: 'serviceId', message: 'diese Stelle hat abgelehnt; bitte eine andere wählen' }]);
    const replaced = await h.api('POST', `/api/cases/${caseId}/referrals`, manager, { category: 'childcare-school', serviceId: 'schulamt', replaces: second });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    const third = String(replaced.body.referralId);
    expect(await referral(third)).toMatchObject({ replacesReferralId: second, needCategory: 'childcare-school', serviceId: 'schulamt' });
    await eventually(async () => ((await referral(third)).status === 'held-no-consent' ? true : undefined));
    await h.waitForStage(caseId, 'monitoring', 'closure');
    expect((await h.api('POST', `/api/cases/${caseId}/referrals`, manager, { category: 'childcare-school', serviceId: 'jugendmigrationsdienst', replaces: second })).status).toBe(409);

    expect((await h.api('POST', `/api/cases/${caseId}/consents`, manager, { serviceId: 'schulamt', form: 'written', givenAt: TODAY })).body).toMatchObject({ releasedReferralIds: [third], generation: 4 });
    await awaited(third);
    expect(serviceMails(caseId, 'schulamt')).toHaveLength(1);
    await answered(third, 'accepted');
    await h.waitForStage(caseId, 'monitoring', 'closure');
    expect(executionsOf(caseId).filter(([, status]) => status === 'RUNNING')).toEqual([[`${caseId}-4`, 'RUNNING']]);
    const history = await h.deps.cases.listEvents(caseId);
    expect(history.find((e) => e.kind === 'referral-replaced')?.details).toEqual({ referralId: third, needCategory: 'childcare-school', serviceId: 'schulamt', replaces: second, generation: 3 });
    // Nothing sent twice on the way (the first referral was awaited again by each new generation).
    expect(serviceMails(caseId, 'integrationskurs')).toHaveLength(1);
    expect(serviceMails(caseId, 'kita-platzvergabe')).toHaveLength(1);
  });

  it('a sent referral is awaited again by the new generation: its reminder and escalation go out once', async () => {
    const { caseId, manager, referralIds } = await assessed([{ category: 'language', serviceId: 'integrationskurs' }], [{ serviceId: 'integrationskurs' }, { serviceId: 'gesundheitsamt' }]);
    const [first = ''] = referralIds;
    await awaited(first);
    const service = h.profile.services.find((s) => s.id === 'integrationskurs')?.contact.email ?? '';
    const coordination = h.profile.district.coordination.contact.email;
    const reminders = () => h.outbox.list().filter((m) => m.recipients.includes(service) && m.subject === `Erinnerung: Rückmeldung zur Vermittlung – Vorgang ${caseId}`);
    const escalations = () => h.outbox.list().filter((m) => m.recipients.includes(coordination) && m.subject === `Eskalation: Keine Rückmeldung zur Vermittlung – Fall ${caseId}`);
    await h.advanceAndSettle(15 * DAY); // 10 working days and more: the reminder
    expect(reminders()).toHaveLength(1);

    const added = await h.api('POST', `/api/cases/${caseId}/referrals`, manager, { category: 'health', serviceId: 'gesundheitsamt' });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    const second = String(added.body.referralId);
    await awaited(second);
    await eventually(async () => ((await referral(first)).taskToken !== undefined && executionsOf(caseId).length === 2 ? true : undefined));
    expect(reminders()).toHaveLength(1);
    await h.advanceAndSettle(16 * DAY); // 20 working days after the first was sent: its escalation, the second's reminder
    expect(reminders()).toHaveLength(1);
    expect(escalations()).toHaveLength(1);
    expect(h.outbox.list().filter((m) => m.subject === `Erinnerung: Rückmeldung zur Vermittlung – Vorgang ${caseId}`)).toHaveLength(2);
    expect(serviceMails(caseId, 'integrationskurs')).toHaveLength(1);
  });

  it('a parked case keeps the released referral for "Fortsetzen", which sends it', async () => {
    const { caseId, manager, referralIds } = await assessed([{ category: 'language', serviceId: 'integrationskurs' }], []);
    const [referralId = ''] = referralIds;
    const monitoring = await h.waitForStage(caseId, 'monitoring', 'closure');
    // Parked as ParkCase leaves a case: its execution ended, `attention` set.
    h.engine.stopExecution(`${INTAKE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${caseId}-1`, 'States.TaskFailed', 'test');
    await h.deps.cases.updateCase(monitoring, { attention: { step: 'KimTransientError', at: h.clock.now().toISOString() } }, undefined, h.clock.now());
    const added = await h.api('POST', `/api/cases/${caseId}/consents`, manager, { serviceId: 'integrationskurs', form: 'written', givenAt: TODAY });
    expect(added.body).toMatchObject({ releasedReferralIds: [referralId], generation: 1, restarted: false });
    expect(await h.case(caseId)).toMatchObject({ stage: 'referring', generation: 1 });
    expect((await referral(referralId)).status).toBe('planned');
    expect(executionsOf(caseId)).toEqual([[`${caseId}-1`, 'ABORTED']]);

    expect((await h.api('POST', `/api/cases/${caseId}/resume`, 'coordinator')).body).toEqual({ generation: 2, resumed: true });
    await awaited(referralId);
    expect(serviceMails(caseId, 'integrationskurs')).toHaveLength(1);
  });

  it('ten consents at once for the same held referral: one saved, the referral sent once, one execution running', async () => {
    const { caseId, manager, referralIds } = await assessed([{ category: 'language', serviceId: 'integrationskurs' }], []);
    const [referralId = ''] = referralIds;
    await h.waitForStage(caseId, 'monitoring', 'closure');
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => h.api('POST', `/api/cases/${caseId}/consents`, manager, { serviceId: 'integrationskurs', form: 'written', givenAt: TODAY })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, ...Array<number>(9).fill(409)]);
    expect(answers.filter((a) => a.status === 409).every((a) => typeof a.body.message === 'string' && a.body.message !== '')).toBe(true);
    await awaited(referralId);
    expect(serviceMails(caseId, 'integrationskurs')).toHaveLength(1);
    expect(await h.deps.cases.listConsents(caseId)).toHaveLength(1);
    expect(executionsOf(caseId)).toEqual([
      [`${caseId}-1`, 'ABORTED'],
      [`${caseId}-2`, 'RUNNING'],
    ]);
    expect((await h.case(caseId)).attention).toBeUndefined();
    await answered(referralId, 'accepted');
    await h.waitForStage(caseId, 'monitoring', 'closure');
    expect(serviceMails(caseId, 'integrationskurs')).toHaveLength(1);
  });

  it('refuses in German what does not fit, and changes nothing then', async () => {
    const submitted = await h.api('POST', '/api/intakes', 'intake', intakeFor({ needs: { categories: ['language'] } }));
    const caseId = String(submitted.body.caseId);
    const manager = (await h.waitForStage(caseId, 'awaiting-assessment', 'assessment')).caseManagerId ?? '';
    const early = await h.api('POST', `/api/cases/${caseId}/referrals`, manager, { category: 'health', serviceId: 'gesundheitsamt' });
    expect(early.status).toBe(409);
    expect(early.body.message).toBe('Bedarfe und Vermittlungen kommen nach der Bedarfsklärung hinzu; für diesen Fall steht sie noch aus.');

    const { caseId: open, manager: owner, referralIds } = await assessed([{ category: 'language', serviceId: 'integrationskurs' }], []);
    const settled: CaseRecord = await h.waitForStage(open, 'monitoring', 'closure');
    const refusals: [string, string, unknown, number, unknown][] = [
      ['referrals', owner, { category: 'health', serviceId: 'integrationskurs' }, 400, [{ field: 'serviceId', message: 'diese Stelle ist für diesen Bedarf nicht zuständig' }]],
      ['referrals', owner, { category: 'Gesundheit' }, 400, [{ field: 'category', message: 'ist keine Bedarfskategorie des Profils' }]],
      ['referrals', owner, { category: 'language', serviceId: 'migrationsberatung' }, 409, undefined],
      ['referrals', owner, { category: 'language', replaces: referralIds[0] }, 409, undefined],
      ['referrals', owner, { category: 'health', replaces: `${open}-V07` }, 400, [{ field: 'replaces', message: 'ist keine Vermittlung dieses Falls' }]],
      ['consents', owner, { serviceId: 'integrationskurs', form: 'written', givenAt: '2099-01-01' }, 400, [{ field: 'givenAt', message: 'darf nicht in der Zukunft liegen' }]],
      ['consents', owner, { serviceId: 'integrationskurs', form: 'gedacht', givenAt: TODAY }, 400, [{ field: 'form', message: 'bitte schriftlich, mündlich oder elektronisch wählen' }]],
      // The coordination reads the case but does not record consents or referrals in it.
      ['consents', 'coordinator', { serviceId: 'integrationskurs', form: 'written', givenAt: TODAY }, 403, undefined],
      ['referrals', 'coordinator', { category: 'health', serviceId: 'gesundheitsamt' }, 403, undefined],
      ['consents', 'intake', { serviceId: 'integrationskurs', form: 'written', givenAt: TODAY }, 403, undefined],
    ];
    for (const [what, as, body, status, errors] of refusals) {
      const answer = await h.api('POST', `/api/cases/${open}/${what}`, as, body);
      expect([what, body, answer.status], JSON.stringify(answer.body)).toEqual([what, body, status]);
      if (errors !== undefined) expect(answer.body.errors).toEqual(errors);
      expect(typeof answer.body.message).toBe('string');
    }
    expect(await h.case(open)).toEqual(settled);
    expect(await h.deps.cases.listConsents(open)).toEqual([]);
    expect((await h.deps.referrals.listReferrals(open)).map((r) => r.referralId)).toEqual(referralIds);
    expect(executionsOf(open)).toEqual([[`${open}-1`, 'RUNNING']]);

    // A closed case: 409 (closed here as closing leaves it; closing itself has tests of its own).
    await h.deps.cases.updateCase(await h.case(open), { stage: 'closed', closedAt: h.clock.now().toISOString() }, undefined, h.clock.now());
    const closed = await h.api('POST', `/api/cases/${open}/consents`, owner, { serviceId: 'integrationskurs', form: 'written', givenAt: TODAY });
    expect(closed.status).toBe(409);
    expect(closed.body.message).toBe('Der Fall ist abgeschlossen; zuerst muss er wiedereröffnet werden.');
  });

  it('leaves the KPI counters equal to a rebuild from the facts (every write above counted once)', async () => {
    await expectCountersMatchRebuild(h);
  });
});
