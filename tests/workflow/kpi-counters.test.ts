/**
 * The KPI counters are written with the facts (core/adapters/kpi-aggregate-writes.ts), on the real intake-to-referral
 * ASL in the local engine: a case with four referrals sent at once by the workflow's Map and answered at once, many
 * times over, is counted exactly once (the counters equal a rebuild from the facts, and the report shows it); a
 * case written before the counters existed is counted whole at its next write.
 */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableKeys } from '../../core/adapters/table-keys.ts';
import type { KpiCountTable, KpiReport } from '../../core/reports/kpi-report.ts';
import { LANGUAGE_ASSESSMENT } from '../fixtures/case-steps.ts';
import { eventually } from '../fixtures/eventually.ts';
import { counterSnapshot, expectCountersMatchRebuild } from '../fixtures/kpi-counters.ts';
import { intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';

const FOUR_NEEDS = {
  needs: [
    { category: 'language', serviceId: 'integrationskurs' },
    { category: 'employment', serviceId: 'agentur-fuer-arbeit' },
    { category: 'residence', serviceId: 'auslaenderbehoerde' },
    { category: 'youth', serviceId: 'jugendamt' },
  ],
  consents: ['integrationskurs', 'agentur-fuer-arbeit', 'auslaenderbehoerde', 'jugendamt'].map((serviceId) => ({ serviceId, form: 'written', givenAt: '2026-11-24' })),
};

describe('KPI counters written with the facts', () => {
  const h = new WorkflowHarness();
  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  async function awaitingAssessment(categories: readonly string[]): Promise<{ caseId: string; manager: string }> {
    const submitted = await h.api('POST', '/api/intakes', 'intake', intakeFor({ needs: { categories } }));
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
    const caseId = String(submitted.body.caseId);
    const record = await h.waitForStage(caseId, 'awaiting-assessment', 'assessment');
    return { caseId, manager: record.caseManagerId ?? '' };
  }

  const allSent = (referralIds: readonly string[]) =>
    eventually(async () => {
      const referrals = await Promise.all(referralIds.map((id) => h.deps.referrals.getReferral(id)));
      return referrals.every((r) => r?.status === 'sent' && r.taskToken !== undefined) ? true : undefined;
    });

  it('counts a case whose four referrals are sent and answered at once exactly once, and the report shows it', async () => {
    const { caseId, manager } = await awaitingAssessment(['language', 'employment', 'residence', 'youth']);
    const assessed = await h.api('POST', `/api/cases/${caseId}/assessment`, manager, FOUR_NEEDS);
    expect(assessed.status, JSON.stringify(assessed.body)).toBe(200);
    const referralIds = assessed.body.referralIds as string[];
    expect(referralIds).toHaveLength(4);
    await allSent(referralIds);

    // Every answer eight times at once, all four referrals at once: the same answer again changes nothing.
    const outcomes = [{ outcome: 'accepted' }, { outcome: 'declined', reasonCode: 'no-capacity' }, { outcome: 'accepted' }, { outcome: 'declined', reasonCode: 'person-refused' }];
    const answers = await Promise.all(referralIds.flatMap((id, i) => Array.from({ length: 8 }, () => h.api('POST', `/api/referrals/${id}/outcome`, manager, outcomes[i]))));
    expect(answers.map((a) => a.status)).toEqual(Array<number>(32).fill(200));
    await h.waitForStage(caseId, 'monitoring', 'closure');

    await expectCountersMatchRebuild(h, 1);
    const report = await h.api('GET', '/api/reports/kpi?from=2026-11-01&to=2026-11-30', 'coordinator');
    expect(report.status).toBe(200);
    const table = (id: string) => (report.body as unknown as KpiReport).sections.flatMap((s) => s.tables).find((t): t is KpiCountTable => t.kind === 'counts' && t.id === id);
    const nonZero = (id: string) => Object.fromEntries((table(id)?.rows ?? []).filter((r) => r.value !== 0).map((r) => [r.id, r.value]));
    expect(nonZero('referrals.byOutcome')).toEqual({ accepted: 2, declined: 2 });
    expect(nonZero('referrals.declinedByReason')).toEqual({ 'no-capacity': 1, 'person-refused': 1 });
    expect(nonZero('cases.byStage')).toEqual({ monitoring: 1 });
  });

  it('counts a case written before the counters existed once, whole, at its next write', async () => {
    const before = await counterSnapshot(h.documents, h.tableName);
    const { caseId, manager } = await awaitingAssessment(['language']);
    // As if written by the version before the counters: no facts item, the counters as they were before its intake.
    await h.documents.send(new DeleteCommand({ TableName: h.tableName, Key: tableKeys.kpiFacts(caseId) }));
    const counted = await counterSnapshot(h.documents, h.tableName);
    expect(counted).not.toEqual(before);
    for (const key of Object.keys(counted)) {
      const [pk = '', sk = ''] = key.split('|');
      const counters = Object.fromEntries(Object.entries(before[key] ?? {}).map(([name, n]) => [`k:${name}`, n]));
      await h.documents.send(new PutCommand({ TableName: h.tableName, Item: { pk, sk, type: 'kpiCohort', ...counters } }));
    }
    expect(await counterSnapshot(h.documents, h.tableName)).toEqual(before);

    const assessed = await h.api('POST', `/api/cases/${caseId}/assessment`, manager, LANGUAGE_ASSESSMENT);
    expect(assessed.status, JSON.stringify(assessed.body)).toBe(200);
    await allSent(assessed.body.referralIds as string[]);
    await expectCountersMatchRebuild(h, 2);
  });
});
