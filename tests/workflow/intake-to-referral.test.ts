/**
 * The real intake-to-referral ASL in the local engine with the real handlers, driven through the API as people
 * would: intake staff, case managers and coordinators, each with a signed token.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { eventually } from '../fixtures/eventually.ts';
import { INTAKE_MACHINE_ARN, intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';
import { expectCountersMatchRebuild } from '../fixtures/kpi-counters.ts';

const run = promisify(execFile);
const DAY = 24 * 60 * 60 * 1000;

describe('intake to referral', () => {
  const h = new WorkflowHarness();
  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  const submit = async (overrides: Record<string, unknown> = {}, key?: string): Promise<string> => {
    const answer = await h.api('POST', '/api/intakes', 'intake', intakeFor(overrides), key === undefined ? {} : { 'idempotency-key': key });
    expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    expect(answer.body.status).toBe('intake');
    return String(answer.body.caseId);
  };
  const executionOf = (caseId: string, generation = 1) => h.engine.describeExecution(`arn:aws:states:eu-central-1:000000000000:execution:intake-to-referral:${caseId}-${generation}`);
  const mailsTo = (address: string) => h.outbox.list().filter((m) => m.recipients.includes(address));

  it('assigns psychosocial counselling in Kreuzau to a psychosocial case manager of a provider covering Kreuzau', async () => {
    const caseId = await submit({ requestedFocusArea: 'psychosocial', needs: { categories: ['psychosocial'] } });
    const record = await h.waitForStage(caseId, 'awaiting-assessment', 'assessment');
    expect(record.focusArea).toBe('psychosocial');
    const manager = h.staff(record.caseManagerId ?? '');
    expect(manager.focusAreas).toContain('psychosocial');
    const provider = h.profile.providers.find((p) => p.id === record.providerId);
    expect(provider?.municipalities === 'all' || provider?.municipalities.includes('kreuzau')).toBe(true);
    expect(mailsTo(manager.email).map((m) => m.subject)).toContain(`Neuer Fall ${caseId} zugewiesen`);

    const env = { ...process.env, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_DEFAULT_REGION: 'eu-central-1', AWS_PAGER: '' };
    const { stdout } = await run('aws', ['stepfunctions', 'describe-execution', '--execution-arn', `${INTAKE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${caseId}-1`, '--endpoint-url', h.sfnUrl, '--output', 'json'], { env });
    const described = JSON.parse(stdout) as { status: string; input: string };
    expect(described.status).toBe('RUNNING');
    expect(JSON.parse(described.input)).toEqual({ caseId });
  });

  it('turns psychosocial counselling asked for in Jülich into a gap report and still a route for the person', async () => {
    const before = (await h.itemCount('GAPS')).length;
    const caseId = await submit({ municipalityId: 'juelich', requestedFocusArea: 'psychosocial', needs: { categories: ['psychosocial'] } });
    const record = await h.waitForStage(caseId, 'awaiting-assessment', 'assessment');
    expect(record.focusArea).toBe('welcome');
    expect(record.caseManagerId).toBeDefined();
    const gaps = await h.itemCount('GAPS');
    expect(gaps.length).toBe(before + 1);
    expect(gaps.at(-1)).toMatchObject({ reason: 'focus-area-not-offered', municipalityId: 'juelich', focusArea: 'psychosocial' });
    expect(JSON.stringify(gaps.at(-1))).not.toContain(caseId); // anonymous by construction
  });

  it('runs the happy path: one referral sent with consent, one held back without, outcome, monitoring, closure', async () => {
    const caseId = await submit({ needs: { categories: ['language', 'childcare-school'] }, phone: '+49 2421 12345' });
    const record = await h.waitForStage(caseId, 'awaiting-assessment', 'assessment');
    const manager = h.staff(record.caseManagerId ?? '');
    const openBefore = await h.openCasesOf(manager.id, 'casemanager', manager.providerId);

    const assessed = await h.api('POST', `/api/cases/${caseId}/assessment`, manager.id, {
      needs: [
        { category: 'language', serviceId: 'integrationskurs' },
        { category: 'childcare-school', serviceId: 'kita-platzvergabe' },
      ],
      consents: [{ serviceId: 'integrationskurs', form: 'written', givenAt: '2026-11-24' }],
    });
    expect(assessed.status, JSON.stringify(assessed.body)).toBe(200);
    const [sentId, heldId] = assessed.body.referralIds as string[];

    const sent = await eventually(async () => {
      const r = await h.deps.referrals.getReferral(sentId ?? '');
      return r?.status === 'sent' && r.taskToken !== undefined ? r : undefined;
    });
    expect(sent.serviceId).toBe('integrationskurs');
    expect((await h.deps.referrals.getReferral(heldId ?? ''))?.status).toBe('held-no-consent');
    const service = h.profile.services.find((s) => s.id === 'integrationskurs');
    const referralMail = mailsTo(service?.contact.email ?? '').find((m) => m.subject.includes(caseId));
    expect(referralMail).toBeDefined();
    const eml = h.outbox.read(referralMail?.messageId ?? '')?.toString('utf8') ?? '';
    // Only the fields the course provider's purpose allows: phone yes, date of birth no.
    expect(eml).toContain('2421 12345');
    expect(eml).not.toContain('1988');

    expect((await h.api('POST', `/api/referrals/${sentId ?? ''}/outcome`, manager.id, { outcome: 'accepted' })).status).toBe(200);
    await h.waitForStage(caseId, 'monitoring', 'closure');
    expect((await h.api('POST', `/api/cases/${caseId}/close`, manager.id, { closureReason: 'goals-achieved' })).status).toBe(200);
    const execution = await eventually(() => (executionOf(caseId).status === 'RUNNING' ? undefined : executionOf(caseId)));
    expect(execution.status).toBe('SUCCEEDED');
    const closed = await h.case(caseId);
    expect(closed.stage).toBe('closed');
    expect(closed.expiresAt).toBe(Math.floor(h.clock.now().getTime() / 1000) + h.profile.retention.caseClosedDays * 86_400);
    expect(await h.openCasesOf(manager.id, 'casemanager', manager.providerId)).toBe(openBefore - 1);
    // The retention period covers everything personal: client, consents and referrals expire with the case.
    const personal = [
      await h.documents.send(new GetCommand({ TableName: h.tableName, Key: { pk: `CASE#${caseId}`, sk: 'CLIENT' } })),
      ...(await Promise.all([sentId, heldId].map((id) => h.documents.send(new GetCommand({ TableName: h.tableName, Key: { pk: `REFERRAL#${id ?? ''}`, sk: 'REFERRAL' } }))))),
    ].map((answer) => answer.Item?.expiresAt as unknown);
    const consents = await h.deps.cases.listConsents(caseId);
    expect(consents).toHaveLength(1);
    expect(personal).toEqual([closed.expiresAt, closed.expiresAt, closed.expiresAt]);
    const transitions = execution.history.filter((e) => e.type.endsWith('StateEntered')).length;
    expect(transitions).toBeLessThanOrEqual(30);

    // A repeated or late answer gets a clear 409, not a crash.
    expect((await h.api('POST', `/api/cases/${caseId}/close`, manager.id, { closureReason: 'goals-achieved' })).status).toBe(409);
    expect((await h.api('POST', `/api/cases/${caseId}/assessment`, manager.id, { needs: [{ category: 'language' }], consents: [] })).status).toBe(409);
    // Past its retention period the case is gone for everyone, even before TTL has deleted it.
    const clockBefore = h.clock.now();
    await h.clock.advance((h.profile.retention.caseClosedDays + 1) * 86_400_000);
    expect((await h.api('GET', `/api/cases/${caseId}`, manager.id)).status).toBe(404);
    expect(((await h.api('GET', '/api/cases', 'coordinator')).body.cases as { caseId: string }[]).map((c) => c.caseId)).not.toContain(caseId);
    expect(h.clock.now().getTime()).toBeGreaterThan(clockBefore.getTime());
  });

  it('reminds the case manager after 5 working days and escalates to the coordination after 10', async () => {
    const caseId = await submit();
    const record = await h.waitForStage(caseId, 'awaiting-assessment', 'assessment');
    const manager = h.staff(record.caseManagerId ?? '');
    const coordination = h.profile.district.coordination.contact.email;
    const reminder = `Erinnerung: Bedarfsklärung für Fall ${caseId} steht aus`;

    await h.clock.advance(4 * DAY); // Tuesday → Saturday: 3 working days
    expect(mailsTo(manager.email).some((m) => m.subject === reminder)).toBe(false);
    await h.advanceAndSettle(4 * DAY); // → Wednesday of the next week: 5 working days
    expect(mailsTo(manager.email).filter((m) => m.subject === reminder)).toHaveLength(1);
    expect(mailsTo(coordination).some((m) => m.subject.includes(caseId))).toBe(false);
    await h.advanceAndSettle(8 * DAY); // 10 working days and more
    expect(mailsTo(coordination).filter((m) => m.subject.startsWith(`Eskalation: Bedarfsklärung für Fall ${caseId}`))).toHaveLength(1);
    expect(mailsTo(manager.email).filter((m) => m.subject === reminder)).toHaveLength(1); // reminded once only
    expect((await h.case(caseId)).stage).toBe('awaiting-assessment'); // still waiting, never dropped
  });

  it('records a declined referral with its coded reason; a decline without code, or "sonstiges" without text, is refused', async () => {
    const caseId = await submit({ needs: { categories: ['family'] } });
    const record = await h.waitForStage(caseId, 'awaiting-assessment', 'assessment');
    const manager = record.caseManagerId ?? '';
    const assessed = await h.api('POST', `/api/cases/${caseId}/assessment`, manager, {
      needs: [{ category: 'family', serviceId: 'familienbildung' }],
      consents: [{ serviceId: 'familienbildung', form: 'oral', givenAt: '2026-11-24' }],
    });
    const [referralId] = assessed.body.referralIds as string[];
    await eventually(async () => ((await h.deps.referrals.getReferral(referralId ?? ''))?.taskToken !== undefined ? true : undefined));
    const noReason = await h.api('POST', `/api/referrals/${referralId ?? ''}/outcome`, manager, { outcome: 'declined' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([{ field: 'reasonCode', message: 'bei einer Ablehnung bitte den Grund wählen' }]);
    const textOnly = await h.api('POST', `/api/referrals/${referralId ?? ''}/outcome`, manager, { outcome: 'declined', reason: 'Kurs ist voll' });
    expect(textOnly.body.errors).toEqual([
      { field: 'reasonCode', message: 'bei einer Ablehnung bitte den Grund wählen' },
      { field: 'reason', message: 'nur zusammen mit einem Ablehnungsgrund' },
    ]);
    const otherWithoutText = await h.api('POST', `/api/referrals/${referralId ?? ''}/outcome`, manager, { outcome: 'declined', reasonCode: 'other' });
    expect(otherWithoutText.body.errors).toEqual([{ field: 'reason', message: 'bei „sonstiges“ bitte den Grund beschreiben' }]);
    const answer = { outcome: 'declined', reasonCode: 'other', reason: 'Kurs ist voll' };
    const declined = await h.api('POST', `/api/referrals/${referralId ?? ''}/outcome`, manager, answer);
    expect(declined.body).toEqual({ referralId, status: 'declined' });
    expect(await h.deps.referrals.getReferral(referralId ?? '')).toMatchObject({ outcomeReasonCode: 'other', outcomeReason: 'Kurs ist voll' });
    // The same answer again is no error (a retried request); another one no longer fits.
    expect((await h.api('POST', `/api/referrals/${referralId ?? ''}/outcome`, manager, answer)).status).toBe(200);
    expect((await h.api('POST', `/api/referrals/${referralId ?? ''}/outcome`, manager, { outcome: 'completed' })).status).toBe(409);
    await h.waitForStage(caseId, 'monitoring', 'closure');
  });

  it('only lets the assigned case manager and coordinators act on a case', async () => {
    const caseId = await submit();
    const record = await h.waitForStage(caseId, 'awaiting-assessment', 'assessment');
    const other = h.staff('casemanager', (s) => s.id !== record.caseManagerId);
    expect((await h.api('GET', `/api/cases/${caseId}`, other.id)).status).toBe(403);
    expect((await h.api('GET', `/api/cases/${caseId}`, 'intake')).status).toBe(403);
    expect((await h.api('GET', `/api/cases/${caseId}`, 'coordinator')).status).toBe(200);
    const own = await h.api('GET', `/api/cases/${caseId}`, record.caseManagerId ?? '');
    expect(own.status).toBe(200);
    expect((own.body.client as { familyName: string }).familyName).toBe('Haddad');
    expect((own.body.history as { kind: string }[]).map((e) => e.kind)).toEqual(expect.arrayContaining(['intake-received', 'triaged', 'assigned', 'case-read']));
    const list = await h.api('GET', '/api/cases', record.caseManagerId ?? '');
    expect((list.body.cases as { caseId: string }[]).map((c) => c.caseId)).toContain(caseId);
    expect(JSON.stringify(list.body)).not.toContain('Haddad');
    expect((await h.api('POST', '/api/intakes', 'casemanager', intakeFor())).status).toBe(403);
  });

  it('shows psychosocial notes to the case manager only, also when triage routed the case elsewhere', async () => {
    const caseId = await submit({ municipalityId: 'juelich', requestedFocusArea: 'psychosocial', needs: { categories: ['psychosocial'], description: 'Albträume seit der Flucht' } });
    const record = await h.waitForStage(caseId, 'awaiting-assessment', 'assessment');
    expect(record.focusArea).toBe('welcome');
    const own = await h.api('GET', `/api/cases/${caseId}`, record.caseManagerId ?? '');
    expect((own.body.client as { needsDescription?: string }).needsDescription).toBe('Albträume seit der Flucht');
    const supervision = await h.api('GET', `/api/cases/${caseId}`, 'coordinator');
    expect(supervision.body.client).toMatchObject({ familyName: 'Haddad' });
    expect(supervision.body.client).not.toHaveProperty('needsDescription');
  });

  it('resumes a case waiting for its assessment after a restart of the engine', async () => {
    const caseId = await submit();
    const record = await h.waitForStage(caseId, 'awaiting-assessment', 'assessment');
    await h.restartEngine();
    const { resumeOpenCases } = await import('../../core/workflow/resume-cases.ts');
    const open = (await Promise.all((['intake', 'triaged', 'waiting-list', 'assigned', 'awaiting-assessment', 'referring', 'monitoring'] as const).map((stage) => h.deps.cases.listCasesInStage(stage)))).flat();
    expect(await resumeOpenCases(h.deps)).toBe(open.length);
    // Exactly one running execution per open case: a resumed case that moved on is not resumed twice.
    const running = h.engine.listExecutions('arn:aws:states:eu-central-1:000000000000:stateMachine:intake-to-referral', 'RUNNING');
    expect(running.map((e) => e.name).sort()).toEqual(open.map((c) => `${c.caseId}-${String(c.generation + 1)}`).sort());
    await eventually(async () => {
      const current = await h.case(caseId);
      return current.generation === 2 && current.assessmentTaskToken !== record.assessmentTaskToken && current.assessmentTaskToken !== undefined ? true : undefined;
    });
    const assessed = await h.api('POST', `/api/cases/${caseId}/assessment`, record.caseManagerId ?? '', { needs: [{ category: 'housing' }], consents: [] });
    expect(assessed.status).toBe(200);
    // Housing has no service in the catalogue: a gap report, and the case moves on to monitoring.
    await h.waitForStage(caseId, 'monitoring', 'closure');
    expect(executionOf(caseId, 2).status).toBe('RUNNING');
  });

  it('leaves the KPI counters equal to a rebuild from the facts (every write above counted once)', async () => {
    await expectCountersMatchRebuild(h);
  });
});
