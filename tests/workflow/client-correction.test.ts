/**
 * Rectification (Art. 16 DSGVO) on the real intake-to-referral ASL in the local engine, through the API: a name and a
 * municipality are corrected; the history names the fields — never a value — and who; the person marker moves with
 * the name; a move the case manager's provider does not cover is marked "Klärung nötig" until a hand-over, and a focus
 * area not offered in the new municipality takes triage's alternative route with a gap report. Forms filled from
 * older data, outsiders, invalid fields and concurrent corrections are refused or serialized.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableKeys } from '../../core/adapters/table-keys.ts';
import { personKey } from '../../core/cases/person-key.ts';
import { assessWithOneReferral } from '../fixtures/case-steps.ts';
import { INTAKE_MACHINE_ARN, intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';
import { expectCountersMatchRebuild } from '../fixtures/kpi-counters.ts';

describe('correcting client data', () => {
  const h = new WorkflowHarness();
  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  const correct = (caseId: string, as: string, body: Record<string, unknown>) => h.api('POST', `/api/cases/${caseId}/client-corrections`, as, body);
  const clientVersion = async (caseId: string): Promise<number> => (await h.deps.cases.getClient(caseId))?.version ?? 0;
  const correctionsOf = async (caseId: string) => (await h.deps.cases.listEvents(caseId)).filter((e) => e.kind === 'client-corrected');
  const runningExecutionsOf = (caseId: string) => h.engine.listExecutions(INTAKE_MACHINE_ARN, undefined).filter((e) => e.name.startsWith(`${caseId}-`) && e.status === 'RUNNING');

  /** A case waiting for its assessment, held by `manager` (handed over to them when the assignment chose another). */
  async function caseWaitingWith(manager: string, intake: Record<string, unknown> = {}): Promise<string> {
    const submitted = await h.api('POST', '/api/intakes', 'intake', intakeFor(intake));
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const caseId = String(submitted.body.caseId);
    const record = await h.waitForStage(caseId, 'awaiting-assessment', 'assessment');
    if (record.caseManagerId !== manager) {
      const moved = await h.api('POST', `/api/cases/${caseId}/handover`, 'coordinator', { from: record.caseManagerId, target: manager, reason: 'Für den Test' });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    }
    return caseId;
  }

  it('corrects a name and a municipality: the history names the fields, the marker moves, an uncovered move asks for a hand-over', async () => {
    // Samuel Mensah works for the Gemeinde Kreuzau, which covers Kreuzau only.
    const manager = 'samuel-mensah';
    const caseId = await caseWaitingWith(manager, { familyName: 'Haddad', dateOfBirth: '1988-03-02', municipalityId: 'kreuzau' });
    const version = await clientVersion(caseId);

    const answer = await correct(caseId, manager, { version, familyName: 'Haddad-Sayegh', municipalityId: 'juelich' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ changed: ['familyName', 'municipalityId'], clientVersion: version + 1, eligibility: { kind: 'hand-over' } });
    expect(answer.body.consequence).toBe(
      'Der Träger Gemeinde Kreuzau – Case-Management (Platzhalter) von Samuel Mensah ist für Jülich nicht zuständig: Bitte übergeben Sie den Fall (Abschnitt „Übergeben“); bis dahin ist er als „Klärung nötig“ markiert.',
    );

    const client = await h.deps.cases.getClient(caseId);
    expect(client).toMatchObject({ familyName: 'Haddad-Sayegh', municipalityId: 'juelich', givenNames: 'Rana', version: version + 1 });
    const record = await h.case(caseId);
    expect(record).toMatchObject({ municipalityId: 'juelich', caseManagerId: manager, stage: 'awaiting-assessment', attention: { step: 'municipality-changed' } });

    // Names and who, never a value (neither the old nor the new one).
    const [event, ...more] = await correctionsOf(caseId);
    expect(more).toEqual([]);
    expect(event).toMatchObject({ actor: manager, details: { fields: 'familyName,municipalityId', eligibility: 'hand-over' } });
    expect(JSON.stringify(event)).not.toMatch(/Haddad|Sayegh|juelich|kreuzau/i);

    // The person marker follows the name: a search by the new name finds the case, by the old one not.
    expect((await h.deps.cases.listPersonMarkers(personKey('Haddad-Sayegh', '1988-03-02'))).map((m) => m.caseId)).toContain(caseId);
    expect((await h.deps.cases.listPersonMarkers(personKey('Haddad', '1988-03-02'))).map((m) => m.caseId)).not.toContain(caseId);
    const found = await h.api('POST', '/api/case-search', manager, { familyName: 'Haddad-Sayegh', dateOfBirth: '1988-03-02' });
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    expect(JSON.stringify(found.body)).toContain(caseId);

    // Not silently kept: the case list shows it first as needing attention, "Fortsetzen" is refused (its execution runs on).
    const listed = (await h.api('GET', '/api/cases', 'coordinator')).body.cases as { caseId: string; attention?: unknown }[];
    expect(listed.find((c) => c.caseId === caseId)?.attention).toMatchObject({ step: 'municipality-changed' });
    expect((await h.api('POST', `/api/cases/${caseId}/resume`, 'coordinator')).status).toBe(409);
    expect(runningExecutionsOf(caseId)).toHaveLength(1);

    // The hand-over (to someone covering Jülich) settles it; the case manager then assesses as usual.
    const handedOver = await h.api('POST', `/api/cases/${caseId}/handover`, 'coordinator', { from: manager, target: 'anna-weber', reason: 'Umzug nach Jülich' });
    expect(handedOver.status, JSON.stringify(handedOver.body)).toBe(200);
    expect((await h.case(caseId)).attention).toBeUndefined();
    await assessWithOneReferral(h, caseId, 'anna-weber');
  });

  it('takes the alternative route when the focus area is not offered in the new municipality', async () => {
    // Psychosocial counselling is offered in Kreuzau, not in Jülich; Nour Al-Hassan (Träger C) counsels psychosocially only.
    const caseId = await caseWaitingWith('nour-al-hassan', { requestedFocusArea: 'psychosocial', municipalityId: 'kreuzau', needs: { categories: ['psychosocial'] } });
    const gapsBefore = (await h.itemCount(tableKeys.gapReports().gsi1pk)).length;
    const answer = await correct(caseId, 'coordinator', { version: await clientVersion(caseId), municipalityId: 'juelich' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.eligibility).toEqual({ kind: 'alternative-route', from: 'psychosocial', to: 'welcome', handOver: true });
    expect(answer.body.consequence).toContain('Der Schwerpunkt Psychosoziale Beratung wird in Jülich nicht angeboten');
    expect(await h.case(caseId)).toMatchObject({ focusArea: 'welcome', municipalityId: 'juelich', attention: { step: 'municipality-changed' } });
    expect((await h.itemCount(tableKeys.gapReports().gsi1pk)).length).toBe(gapsBefore + 1);
    const [event] = await correctionsOf(caseId);
    expect(event).toMatchObject({ actor: h.staff('coordinator').id, details: { fields: 'municipalityId', eligibility: 'alternative-route', focusArea: 'welcome' } });
  });

  it('answers a repeated correction without a change, refuses older data, outsiders and invalid fields, and serializes concurrent ones', async () => {
    const manager = 'samuel-mensah';
    const caseId = await caseWaitingWith(manager);
    const version = await clientVersion(caseId);
    expect((await correct(caseId, manager, { version, phone: '+49 2421 12345' })).status).toBe(200);
    // The same form sent again: nothing to change, no second event.
    const again = await correct(caseId, manager, { version, phone: '+49 2421 12345' });
    expect(again.body).toMatchObject({ changed: [], clientVersion: version + 1, eligibility: { kind: 'unchanged' } });
    // Another change from the old form: someone corrected meanwhile.
    const stale = await correct(caseId, manager, { version, phone: '+49 2421 99999' });
    expect(stale.status).toBe(409);
    // Removing an optional field with null; the intake's rules apply, in German at the field.
    const invalid = await correct(caseId, manager, { version: version + 1, dateOfBirth: '2999-01-01', email: 'keine-adresse' });
    expect(invalid.status).toBe(400);
    expect((invalid.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['dateOfBirth', 'email']);
    expect((await correct(caseId, manager, { version: version + 1, phone: null })).body).toMatchObject({ changed: ['phone'] });
    expect((await h.deps.cases.getClient(caseId))?.phone).toBeUndefined();
    // Intake staff and other case managers may not correct.
    expect((await correct(caseId, 'intake', { version: version + 2, familyName: 'X' })).status).toBe(403);
    expect((await correct(caseId, 'ayse-yilmaz', { version: version + 2, familyName: 'X' })).status).toBe(403);

    // Eight corrections from the same form at once: one is saved, the others are told the data changed.
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => correct(caseId, i % 2 === 0 ? manager : 'coordinator', { version: version + 2, givenNames: `Rana ${'ABCDEFGH'.charAt(i)}.` })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, ...Array<number>(7).fill(409)]);
    expect(await correctionsOf(caseId)).toHaveLength(3);
    expect(await clientVersion(caseId)).toBe(version + 3);
  });

  it('leaves the KPI counters equal to a rebuild from the facts (every write above counted once)', async () => {
    await expectCountersMatchRebuild(h);
  });
});
