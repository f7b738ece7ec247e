/**
 * Retention, complete: nothing personal outlives its date. A canary person — a name found nowhere else, in the
 * client data, the needs description, the street, a contact, both kinds of notes, a goal and the service's
 * decline reason — goes through the real workflow to closure; then every item of the table that holds the canary
 * has a deletion date no later than the case's, every item of the case (history included) has one, each read of
 * the audit has its own shorter date, and after that date the case is gone for every read. Open cases have no date
 * yet: the coordination is shown those without activity for the profile's period ("Ruhende Fälle").
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expiresAfterDays } from '../../core/privacy/retention.ts';
import { assessWithOneReferral } from '../fixtures/case-steps.ts';
import { eventually } from '../fixtures/eventually.ts';
import { intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';

const DAY = 24 * 60 * 60 * 1000;

describe('retention of everything personal', () => {
  const h = new WorkflowHarness();
  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  async function assignedCase(intake: Record<string, unknown>): Promise<{ caseId: string; manager: string }> {
    const submitted = await h.api('POST', '/api/intakes', 'intake', intakeFor(intake));
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const caseId = String(submitted.body.caseId);
    const record = await h.waitForStage(caseId, 'awaiting-assessment', 'assessment');
    return { caseId, manager: record.caseManagerId ?? '' };
  }

  it('gives every item holding a canary person a date no later than the case’s, reads their own, and forgets the case after it', async () => {
    // Letters only: a family name allows nothing else.
    const canary = `Kanarienvogel${Array.from({ length: 8 }, () => String.fromCharCode(97 + randomInt(26))).join('')}`;
    const { caseId, manager } = await assignedCase({
      familyName: canary,
      address: { street: `${canary}weg 1`, postalCode: '52372', city: 'Kreuzau' },
      needs: { categories: ['language'], description: `${canary} braucht einen Kurs.` },
    });
    const created = async (path: string, body: unknown): Promise<Record<string, unknown>> => {
      const answer = await h.api('POST', `/api/cases/${caseId}/${path}`, manager, body);
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      return answer.body;
    };
    const today = h.clock.now().toISOString().slice(0, 10);
    await created('contacts', { date: today, durationMinutes: 30, form: 'in-person', note: `${canary} kam pünktlich.` });
    await created('notes', { level: 'ordinary', text: `${canary}: Unterlagen angefragt.` });
    await created('notes', { level: 'psychosocial', text: `${canary}: schläft schlecht.` });
    const goal = await created('goals', { text: `${canary} beginnt den Kurs`, needCategory: 'language', targetDate: '2027-06-01' });
    const referralId = await assessWithOneReferral(h, caseId, manager);
    const declined = await h.api('POST', `/api/referrals/${referralId}/outcome`, manager, { outcome: 'declined', reasonCode: 'other', reason: `${canary} war nicht erreichbar.` });
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    await h.waitForStage(caseId, 'monitoring', 'closure');
    expect((await h.api('GET', `/api/cases/${caseId}`, 'coordinator')).status).toBe(200);
    expect((await h.api('GET', `/api/cases/${caseId}/record`, manager)).status).toBe(200);

    const closed = await h.api('POST', `/api/cases/${caseId}/close`, manager, { closureReason: 'goals-achieved', goals: [{ goalId: goal.goalId, status: 'achieved' }] });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    const expiresAt = Number(closed.body.expiresAt);
    await eventually(() => (h.execution(caseId, 1).status === 'SUCCEEDED' ? true : undefined));
    // A read after the closure is audited too, with its own date.
    const readAt = h.clock.now();
    expect((await h.api('GET', `/api/cases/${caseId}`, 'coordinator')).status).toBe(200);

    const items = await h.scanTable();
    const withCanary = items.filter((item) => JSON.stringify(item).includes(canary));
    // Client, the person's contact, two notes, the goal, the referral with the service's reason.
    expect(withCanary.map((item) => String(item.type)).sort()).toEqual(['client', 'contact', 'goal', 'note', 'note', 'referral']);
    for (const item of withCanary) expect(item.expiresAt, `${String(item.pk)} ${String(item.sk)}`).toBe(expiresAt);

    const ofCase = items.filter((item) => item.pk === `CASE#${caseId}` || item.caseId === caseId);
    const undated = ofCase.filter((item) => typeof item.expiresAt !== 'number').map((item) => `${String(item.pk)} ${String(item.sk)}`);
    expect(undated).toEqual([]);
    const events = ofCase.filter((item) => item.type === 'caseEvent');
    const reads = events.filter((item) => ['case-read', 'record-read'].includes(String(item.kind)));
    expect(reads.length).toBeGreaterThanOrEqual(3);
    for (const read of reads) expect(read.expiresAt).toBe(expiresAfterDays(new Date(String(read.at)), h.profile.retention.readAuditDays));
    expect(reads.map((read) => read.expiresAt)).toContain(expiresAfterDays(readAt, h.profile.retention.readAuditDays));
    for (const event of events.filter((item) => !reads.includes(item))) expect(event.expiresAt, String(event.kind)).toBe(expiresAt);
    // The anonymous statistics carry nothing of the person.
    expect(items.filter((item) => String(item.pk).startsWith('KPI#') && JSON.stringify(item).includes(canary))).toEqual([]);

    await h.clock.advance((h.profile.retention.caseClosedDays + 1) * DAY);
    expect((await h.api('GET', `/api/cases/${caseId}`, 'coordinator')).status).toBe(404);
    expect((await h.api('GET', `/api/cases/${caseId}/record`, 'coordinator')).status).toBe(404);
    const search = await h.api('POST', '/api/case-search', 'coordinator', { familyName: canary, dateOfBirth: '1988-03-02' });
    expect(search.status, JSON.stringify(search.body)).toBe(200);
    expect(JSON.stringify(search.body)).not.toContain(caseId);
  });

  it('lists open cases without activity for the profile’s period to the coordination, until someone works on them', async () => {
    const { caseId, manager } = await assignedCase({ familyName: 'Ruhig' });
    // A second case in monitoring (a need no service covers): its workflow wakes every day to wait again — waiting.
    const monitored = await assignedCase({ familyName: 'Ruhig', needs: { categories: ['housing'] } });
    await eventually(async () => ((await h.api('POST', `/api/cases/${monitored.caseId}/assessment`, monitored.manager, { needs: [{ category: 'housing' }], consents: [] })).status === 200 ? true : undefined));
    await h.waitForStage(monitored.caseId, 'monitoring', 'closure');
    const inactive = async (): Promise<string[]> => {
      const answer = await h.api('GET', '/api/inactive-cases', 'coordinator');
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body.inactiveCaseDays).toBe(h.profile.retention.inactiveCaseDays);
      return (answer.body.cases as { caseId: string }[]).map((row) => row.caseId);
    };
    expect(await inactive()).not.toContain(caseId);
    expect((await h.api('GET', '/api/inactive-cases', manager)).status).toBe(403);

    // The assessment reminder and escalation are activity; after them nothing happens for the whole period.
    const quietFor = async (days: number): Promise<void> => {
      for (let day = 0; day < days; day += 10) await h.clock.advance(10 * DAY);
    };
    await quietFor(30);
    await eventually(async () => ((await h.case(caseId)).assessmentEscalatedAt === undefined ? undefined : true));
    await quietFor(h.profile.retention.inactiveCaseDays + 10);
    const listed = await h.api('GET', '/api/inactive-cases', 'coordinator');
    const row = (listed.body.cases as { caseId: string; quietDays: number; stage: string; caseManagerId?: string }[]).find((r) => r.caseId === caseId);
    expect(row).toMatchObject({ stage: 'awaiting-assessment', caseManagerId: manager });
    expect(row?.quietDays).toBeGreaterThanOrEqual(h.profile.retention.inactiveCaseDays);
    expect(JSON.stringify(listed.body)).not.toContain('Ruhig');
    const waiting = await h.case(monitored.caseId);
    expect(waiting.closureTaskToken).toBeDefined();
    expect(await inactive()).toContain(monitored.caseId);

    // A contact in the record is activity: the case leaves the list.
    const today = h.clock.now().toISOString().slice(0, 10);
    expect((await h.api('POST', `/api/cases/${caseId}/contacts`, manager, { date: today, durationMinutes: 20, form: 'phone' })).status).toBe(201);
    expect((await h.case(caseId)).lastRecordAt).toBe(h.clock.now().toISOString());
    expect(await inactive()).not.toContain(caseId);
  });
});
