/** No case manager free for the municipality and focus area: waiting list, coordination told, assigned later. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileStore } from '../../core/adapters/profile-store.ts';
import { loadDemoData } from '../../local/demo/load-demo-data.ts';
import { eventually } from '../fixtures/eventually.ts';
import { intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';
import { expectCountersMatchRebuild } from '../fixtures/kpi-counters.ts';

describe('waiting list', () => {
  // Nobody in psychosocial counselling at the start.
  const h = new WorkflowHarness({ staff: (s) => !(s.focusAreas ?? []).includes('psychosocial') });
  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('puts the case on the waiting list, tells the coordination once, and assigns it when someone is there', async () => {
    const answer = await h.api('POST', '/api/intakes', 'intake', intakeFor({ requestedFocusArea: 'psychosocial', needs: { categories: ['psychosocial'] } }));
    const caseId = String(answer.body.caseId);
    await h.waitForStage(caseId, 'waiting-list');
    const coordination = h.profile.district.coordination.contact.email;
    const told = () => h.outbox.list().filter((m) => m.recipients.includes(coordination) && m.subject === `Warteliste: Fall ${caseId} – kein*e Case-Manager*in frei`);
    await eventually(() => (told().length === 1 ? true : undefined));
    expect((await h.itemCount('GAPS')).some((g) => g.reason === 'waiting-list' && g.focusArea === 'psychosocial')).toBe(true);

    // A day later still nobody: the case stays on the list and the coordination is not told again.
    await h.advanceAndSettle(24 * 60 * 60 * 1000);
    expect((await h.case(caseId)).stage).toBe('waiting-list');
    expect(told()).toHaveLength(1);

    // A psychosocial case manager joins; the next daily attempt assigns the case.
    const all = loadDemoData(h.profile);
    await new ProfileStore(h.documents, h.tableName).ensureDemoData({ ...all, staff: all.staff.filter((s) => (s.focusAreas ?? []).includes('psychosocial')) }, h.clock.now());
    await h.clock.advance(24 * 60 * 60 * 1000);
    const record = await h.waitForStage(caseId, 'awaiting-assessment', 'assessment');
    expect(all.staff.find((s) => s.id === record.caseManagerId)?.focusAreas).toContain('psychosocial');
  });

  it('leaves the KPI counters equal to a rebuild from the facts (every write above counted once)', async () => {
    await expectCountersMatchRebuild(h);
  });
});
