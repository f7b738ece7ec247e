/**
 * Reopening a closed case, on the real intake-to-referral ASL in the local engine through the API: the retention
 * clock stops for case, client, consent and referral and starts again at the next closure; the case waits for its
 * closure again in a new execution generation (one, however many reopen at once); the history keeps both closures
 * and the reopening with who and why; open cases, missing reasons, outsiders, cases whose case manager has left and
 * cases past retention are refused.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableKeys } from '../../core/adapters/table-keys.ts';
import type { ItemKey } from '../../core/adapters/table-keys.ts';
import { assessWithOneReferral } from '../fixtures/case-steps.ts';
import { eventually } from '../fixtures/eventually.ts';
import { INTAKE_MACHINE_ARN, intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';
import { expectCountersMatchRebuild } from '../fixtures/kpi-counters.ts';

const DAY = 24 * 60 * 60 * 1000;

describe('reopening a closed case', () => {
  const h = new WorkflowHarness();
  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  const executionOf = (caseId: string, generation: number) => h.engine.describeExecution(`${INTAKE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${caseId}-${String(generation)}`);
  const executionsOf = (caseId: string) => h.engine.listExecutions(INTAKE_MACHINE_ARN, undefined).filter((e) => e.name.startsWith(`${caseId}-`));
  const expiresAtOf = async (key: ItemKey): Promise<unknown> => (await h.documents.send(new GetCommand({ TableName: h.tableName, Key: key, ConsistentRead: true }))).Item?.expiresAt;

  /** A case in monitoring with one referral sent on a consent and answered: client, consent and referral exist. */
  async function caseInMonitoring(): Promise<{ caseId: string; manager: string; providerId?: string; personal: ItemKey[] }> {
    const submitted = await h.api('POST', '/api/intakes', 'intake', intakeFor({ needs: { categories: ['language'] } }));
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const caseId = String(submitted.body.caseId);
    const record = await h.waitForStage(caseId, 'awaiting-assessment', 'assessment');
    const manager = record.caseManagerId ?? '';
    const referralId = await assessWithOneReferral(h, caseId, manager);
    expect((await h.api('POST', `/api/referrals/${referralId}/outcome`, manager, { outcome: 'accepted' })).status).toBe(200);
    await h.waitForStage(caseId, 'monitoring', 'closure');
    const [consent] = await h.deps.cases.listConsents(caseId);
    if (consent === undefined) throw new Error('consent missing');
    const personal = [tableKeys.client(caseId), tableKeys.consent(caseId, consent.consentId), tableKeys.referralKey(referralId)];
    return { caseId, manager, ...(record.providerId === undefined ? {} : { providerId: record.providerId }), personal };
  }

  async function close(caseId: string, manager: string, generation: number): Promise<number> {
    const closed = await h.api('POST', `/api/cases/${caseId}/close`, manager, { closureReason: 'goals-achieved' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    await eventually(() => (executionOf(caseId, generation).status === 'SUCCEEDED' ? true : undefined));
    return Number(closed.body.expiresAt);
  }

  it('stops the retention clock, waits for closure again in one new execution, and closes again', async () => {
    const { caseId, manager, providerId, personal } = await caseInMonitoring();
    const openCases = await h.openCasesOf(manager, 'casemanager', providerId);
    const reason = 'Die Person hat sich wieder gemeldet: neue Fragen zum Integrationskurs.';
    expect((await h.api('POST', `/api/cases/${caseId}/reopen`, manager, { reason })).body.message).toBe(
      'Der Fall ist nicht abgeschlossen; nur ein abgeschlossener Fall kann wiedereröffnet werden.',
    );

    const firstExpiry = await close(caseId, manager, 1);
    expect(await Promise.all(personal.map(expiresAtOf))).toEqual([firstExpiry, firstExpiry, firstExpiry]);
    expect(await h.openCasesOf(manager, 'casemanager', providerId)).toBe(openCases - 1);

    // A reason is required, in German at its field; intake staff may not reopen.
    const missing = await h.api('POST', `/api/cases/${caseId}/reopen`, manager, {});
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ field: 'reason', message: 'bitte den Grund der Wiedereröffnung angeben' }]);
    expect((await h.api('POST', `/api/cases/${caseId}/reopen`, 'intake', { reason })).status).toBe(403);

    // The case manager and the coordination, twelve times at once: one reopening, one execution.
    await h.clock.advance(3 * DAY);
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => h.api('POST', `/api/cases/${caseId}/reopen`, i % 2 === 0 ? manager : 'coordinator', { reason })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, ...Array<number>(11).fill(409)]);
    expect(answers.find((a) => a.status === 200)?.body).toMatchObject({ stage: 'monitoring', generation: 2 });
    expect(answers.filter((a) => a.status === 409).every((a) => typeof a.body.message === 'string' && a.body.message !== '')).toBe(true);

    const reopened = await h.waitForStage(caseId, 'monitoring', 'closure');
    expect(reopened).toMatchObject({ generation: 2, caseManagerId: manager });
    expect(reopened.expiresAt).toBeUndefined();
    expect(reopened.closedAt).toBeUndefined();
    expect(await Promise.all(personal.map(expiresAtOf))).toEqual([undefined, undefined, undefined]);
    expect(await h.openCasesOf(manager, 'casemanager', providerId)).toBe(openCases);
    expect(executionsOf(caseId).map((e) => [e.name, e.status]).sort()).toEqual([
      [`${caseId}-1`, 'SUCCEEDED'],
      [`${caseId}-2`, 'RUNNING'],
    ]);
    const detail = await h.api('GET', `/api/cases/${caseId}`, 'coordinator');
    expect(detail.status).toBe(200);

    // Closed again: the retention runs again from this closure, on everything personal of the case.
    const secondExpiry = await close(caseId, manager, 2);
    expect(secondExpiry).toBeGreaterThan(firstExpiry);
    expect(await Promise.all(personal.map(expiresAtOf))).toEqual([secondExpiry, secondExpiry, secondExpiry]);
    expect((await h.case(caseId)).stage).toBe('closed');
    expect(executionsOf(caseId)).toHaveLength(2);
    expect(await h.openCasesOf(manager, 'casemanager', providerId)).toBe(openCases - 1);

    const history = await h.deps.cases.listEvents(caseId);
    expect(history.filter((e) => e.kind === 'closed')).toHaveLength(2);
    const reopening = history.filter((e) => e.kind === 'reopened');
    expect(reopening).toHaveLength(1);
    expect(reopening[0]?.details).toEqual({ reason, generation: 2 });
    expect([manager, h.staff('coordinator').id]).toContain(reopening[0]?.actor);
    expect(history.map((e) => e.kind).indexOf('reopened')).toBeGreaterThan(history.map((e) => e.kind).indexOf('closed'));
  });

  it('refuses a case whose case manager has left, and one past its retention period: gone for everyone', async () => {
    const { caseId, manager } = await caseInMonitoring();
    await close(caseId, manager, 1);
    const staffKey = tableKeys.staffKey(manager);
    await h.documents.send(new UpdateCommand({ TableName: h.tableName, Key: staffKey, UpdateExpression: 'SET disabledAt = :at', ExpressionAttributeValues: { ':at': h.clock.now().toISOString() } }));
    const left = await h.api('POST', `/api/cases/${caseId}/reopen`, 'coordinator', { reason: 'Neue Fragen.' });
    expect(left.status).toBe(409);
    expect(left.body.message).toBe('Der Fall kann nicht wiedereröffnet werden: die bisher zuständige Person arbeitet nicht mehr im Case-Management.');
    await h.documents.send(new UpdateCommand({ TableName: h.tableName, Key: staffKey, UpdateExpression: 'REMOVE disabledAt' }));
    expect((await h.case(caseId)).stage).toBe('closed');

    await h.clock.advance((h.profile.retention.caseClosedDays + 1) * DAY);
    const late = await h.api('POST', `/api/cases/${caseId}/reopen`, 'coordinator', { reason: 'Zu spät.' });
    expect(late.status).toBe(404);
    expect(late.body.message).toBe('Der Fall wurde nicht gefunden.');
    expect(executionsOf(caseId)).toHaveLength(1);
  });

  it('leaves the KPI counters equal to a rebuild from the facts (every write above counted once)', async () => {
    await expectCountersMatchRebuild(h);
  });
});
