/**
 * Finding a person's cases, through the API on the real workflow: the duplicate-person warning at intake (another
 * spelling of the same family name and date of birth warns and stores nothing; a retried intake gets its case, not
 * a warning; confirming creates the case), the search by name and date of birth or by case number (only the cases
 * the caller may see, a foreign case answered exactly like none, every shown case audited), and the person marker's
 * retention with its case.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableKeys } from '../../core/adapters/table-keys.ts';
import { personKey } from '../../core/cases/person-key.ts';
import { eventually } from '../fixtures/eventually.ts';
import { intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';

const DAY = 24 * 60 * 60 * 1000;
const BORN = '1979-11-23';

describe('case search and the duplicate-person warning', () => {
  const h = new WorkflowHarness();
  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  /** An intake that does not confirm a second case, so the warning applies. */
  const intake = (familyName: string, key: string, extra: Record<string, unknown> = {}) =>
    h.api('POST', '/api/intakes', 'intake', intakeFor({ familyName, dateOfBirth: BORN, duplicateConfirmed: undefined, needs: { categories: ['language'] }, ...extra }), { 'idempotency-key': key });
  const markers = () => h.deps.cases.listPersonMarkers(personKey('Müller-Yılmaz', BORN));
  const search = (as: string, query: Record<string, string>) => h.api('POST', '/api/case-search', as, query);
  const foundBy = async (caseId: string): Promise<string[]> => (await h.deps.cases.listEvents(caseId)).filter((e) => e.kind === 'case-found').map((e) => e.actor);

  let first = '';
  let second = '';

  it('warns about a second intake of the same person in another spelling, stores nothing, and creates the case once confirmed', async () => {
    const created = await intake('Müller-Yılmaz', 'first-intake-of-mueller');
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    first = String(created.body.caseId);
    // A retry of the same intake (same key) gets its case, not a warning about itself.
    const retried = await intake('Müller-Yılmaz', 'first-intake-of-mueller');
    expect(retried).toMatchObject({ status: 202, body: { caseId: first } });

    for (const spelling of ['MULLER YILMAZ', 'müller yilmaz', 'Muller-Yilmaz ']) {
      const warned = await intake(spelling, `second-intake-${spelling.trim().replace(/\W/g, '')}`);
      expect(warned.status, spelling).toBe(409);
      expect(warned.body).toEqual({ message: 'Es gibt bereits einen Fall für diese Person.', duplicateOf: [first] });
    }
    expect((await markers()).map((m) => m.caseId)).toEqual([first]);
    // The warning says nothing else: no name, no stage, no case manager.
    expect(JSON.stringify(await intake('MULLER YILMAZ', 'second-intake-again'))).not.toMatch(/Yılmaz|Rana|kreuzau|awaiting/i);

    // Another date of birth is another person.
    expect((await intake('Müller-Yılmaz', 'other-birthday', { dateOfBirth: '1980-11-23' })).status).toBe(202);

    await h.clock.advance(60_000); // oldest first: the second case is a minute younger
    const confirmed = await intake('MULLER YILMAZ', 'second-intake-again', { duplicateConfirmed: true });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(202);
    second = String(confirmed.body.caseId);
    expect(second).not.toBe(first);
    expect((await markers()).map((m) => m.caseId)).toEqual([first, second]);
    // The marker names no one: the key, the case, its creation, the intake's key hash.
    const { Item } = await h.documents.send(new GetCommand({ TableName: h.tableName, Key: tableKeys.personMarkerKey(first), ConsistentRead: true }));
    expect(JSON.stringify(Item)).not.toMatch(/ller|ılmaz|1979/i);
  });

  it('finds the cases by name and date of birth only for those allowed to see them, and audits every case shown', async () => {
    const [one, two] = await Promise.all([h.waitForStage(first, 'awaiting-assessment', 'assessment'), h.waitForStage(second, 'awaiting-assessment', 'assessment')]);
    const byName = { familyName: 'muller yılmaz', dateOfBirth: '23.11.1979' };

    const coordinator = await search('coordinator', byName);
    expect(coordinator.status).toBe(200);
    expect((coordinator.body.results as { caseId: string; familyName: string }[]).map((r) => [r.caseId, r.familyName])).toEqual([
      [first, 'Müller-Yılmaz'],
      [second, 'MULLER YILMAZ'],
    ]);
    const coordinatorId = h.staff('coordinator').id;
    expect(await foundBy(first)).toEqual([coordinatorId]);
    expect(await foundBy(second)).toEqual([coordinatorId]);

    // Its case manager finds their own case only.
    const owner = one.caseManagerId ?? '';
    const own = await search(owner, byName);
    expect((own.body.results as { caseId: string }[]).map((r) => r.caseId)).toEqual(two.caseManagerId === owner ? [first, second] : [first]);
    expect((await foundBy(first)).sort()).toEqual([coordinatorId, owner].sort());

    // Another case manager: the same answer as for a person without any case, and nothing audited.
    const outsider = h.staff('casemanager', (s) => s.id !== one.caseManagerId && s.id !== two.caseManagerId).id;
    const foreign = await search(outsider, byName);
    const nobody = await search(outsider, { familyName: 'Niemand', dateOfBirth: '1901-01-01' });
    expect(foreign).toMatchObject({ status: 200, body: { results: [] } });
    expect(foreign.body).toEqual(nobody.body);
    expect(await foundBy(first)).not.toContain(outsider);
  });

  it('finds a case by its number for its case manager and the coordination, and answers anyone else as for no case', async () => {
    const owner = (await h.case(first)).caseManagerId ?? '';
    const outsider = h.staff('casemanager', (s) => s.id !== owner).id;
    const mine = await search(owner, { caseNumber: ` ${first.toLowerCase()} ` });
    expect((mine.body.results as { caseId: string; dateOfBirth: string }[]).map((r) => [r.caseId, r.dateOfBirth])).toEqual([[first, BORN]]);
    const foreign = await search(outsider, { caseNumber: first });
    const missing = await search(outsider, { caseNumber: 'KIM-2026-0000000H' });
    expect(foreign).toMatchObject({ status: 200, body: { results: [] } });
    expect(foreign.body).toEqual(missing.body);
    expect(await foundBy(first)).not.toContain(outsider);
  });

  it('refuses intake staff and names the field of a bad search', async () => {
    expect((await search('intake', { caseNumber: first })).status).toBe(403);
    const badDate = await search('coordinator', { familyName: 'Müller', dateOfBirth: '31.02.1979' });
    expect(badDate).toMatchObject({ status: 400, body: { errors: [{ field: 'dateOfBirth', message: 'muss ein Datum wie 02.03.1988 sein' }] } });
    const nothing = await search('coordinator', {});
    expect(nothing.body.errors).toEqual([{ field: 'caseNumber', message: 'bitte eine Fallnummer oder Familienname und Geburtsdatum angeben' }]);
    const badNumber = await search('coordinator', { caseNumber: 'KIM-12' });
    expect(badNumber.body.errors).toEqual([{ field: 'caseNumber', message: 'muss eine Fallnummer wie KIM-2026-7QK3M2XD sein' }]);
  });

  it('shows the coordination the caseload per case manager: open cases by stage, overdue assessments, the cases needing action', async () => {
    const record = await h.case(first);
    const owner = record.caseManagerId ?? '';
    // The workflow's reminder went out: the assessment is overdue.
    await h.deps.cases.updateCase(record, { assessmentReminderSentAt: h.clock.now().toISOString() }, undefined, h.clock.now());
    const answer = await h.api('GET', '/api/caseload', 'coordinator');
    expect(answer.status).toBe(200);
    const rows = answer.body.caseManagers as { staffId: string; openCases: number; awaitingAssessment: number; assessmentOverdue: number; needsAction: string[]; byStage: Record<string, number> }[];
    const row = rows.find((r) => r.staffId === owner);
    const open = (await h.deps.cases.listCasesOfCaseManager(owner)).filter((c) => c.stage !== 'closed');
    expect(row).toMatchObject({ openCases: open.length, awaitingAssessment: open.filter((c) => c.stage === 'awaiting-assessment').length, assessmentOverdue: 1, needsAction: [first] });
    expect(Object.values(row?.byStage ?? {}).reduce((a, b) => a + b, 0)).toBe(open.length);
    expect(JSON.stringify(answer.body)).not.toMatch(/Rana|MULLER|1979-11-23/); // staff names only, no client's
    expect((await h.api('GET', '/api/caseload', owner)).status).toBe(403);
  });

  it('lets the person marker expire with its case, and warns about a closed case only within twelve months', async () => {
    const submitted = await h.api('POST', '/api/intakes', 'intake', intakeFor({ familyName: 'Kovačević', dateOfBirth: '1990-05-05', needs: { categories: ['language'] } }));
    const caseId = String(submitted.body.caseId);
    const manager = (await h.waitForStage(caseId, 'awaiting-assessment', 'assessment')).caseManagerId ?? '';
    const assessment = { needs: [{ category: 'language', serviceId: 'integrationskurs' }], consents: [{ serviceId: 'integrationskurs', form: 'written', givenAt: '2026-11-24' }] };
    const [referralId = ''] = (await h.api('POST', `/api/cases/${caseId}/assessment`, manager, assessment)).body.referralIds as string[];
    const sent = await eventually(async () => {
      const referral = await h.deps.referrals.getReferral(referralId);
      return referral?.taskToken === undefined ? undefined : referral;
    });
    // The service was reminded and has not answered: the caseload counts the case as having an overdue referral.
    await h.deps.referrals.updateReferral(sent, { reminderSentAt: h.clock.now().toISOString() }, undefined, h.clock.now());
    const rows = (await h.api('GET', '/api/caseload', 'coordinator')).body.caseManagers as { staffId: string; referralOverdue: number; needsAction: string[] }[];
    expect(rows.find((r) => r.staffId === manager)).toMatchObject({ referralOverdue: 1, needsAction: expect.arrayContaining([caseId]) as unknown });
    expect((await h.api('POST', `/api/referrals/${referralId}/outcome`, manager, { outcome: 'accepted' })).status).toBe(200);
    await h.waitForStage(caseId, 'monitoring', 'closure');
    const closed = await h.api('POST', `/api/cases/${caseId}/close`, manager, { closureReason: 'goals-achieved' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    const { Item } = await h.documents.send(new GetCommand({ TableName: h.tableName, Key: tableKeys.personMarkerKey(caseId), ConsistentRead: true }));
    expect(Item?.expiresAt).toBe(closed.body.expiresAt);

    const again = (key: string) => h.api('POST', '/api/intakes', 'intake', intakeFor({ familyName: 'KOVACEVIC', dateOfBirth: '1990-05-05', duplicateConfirmed: undefined }), { 'idempotency-key': key });
    expect((await again('kovacevic-recently-closed')).body).toMatchObject({ duplicateOf: [caseId] });
    await h.clock.advance(366 * DAY);
    expect((await again('kovacevic-a-year-later')).status).toBe(202);
  });
});
