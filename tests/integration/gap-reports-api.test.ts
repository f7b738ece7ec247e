/**
 * GET /api/gap-reports through the local API gateway on DynamoDB Local: the report the workflow raises (psychosocial
 * counselling asked for in Jülich, where it is not offered) and stored ones, listed and counted per kind, for
 * coordinators only.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableKeys } from '../../core/adapters/table-keys.ts';
import type { GapReport } from '../../core/cases/gap-report.ts';
import type { GapReportList } from '../../core/casework/list-gap-reports.ts';
import { eventually } from '../fixtures/eventually.ts';
import { intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';

describe('GET /api/gap-reports', () => {
  const h = new WorkflowHarness();
  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  /** Stored as the case repository stores a report (core/adapters/dynamo-case-repository.ts). */
  const store = (report: Omit<GapReport, 'gapReportId' | 'source' | 'status'>): Promise<unknown> => {
    const gapReportId = randomUUID();
    const item = { ...tableKeys.gapReport(gapReportId, report.createdAt), type: 'gapReport', version: 1, gapReportId, source: 'workflow', status: 'new', ...report };
    return h.documents.send(new PutCommand({ TableName: h.tableName, Item: item }));
  };

  it('lists every report, newest first, and counts the same gap once per kind for a coordinator', async () => {
    const answer = await h.api('POST', '/api/intakes', 'intake', intakeFor({ municipalityId: 'juelich', requestedFocusArea: 'psychosocial', needs: { categories: ['psychosocial'] } }));
    expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    await eventually(async () => ((await h.itemCount('GAPS')).length === 1 ? true : undefined), 15_000);
    await store({ createdAt: '2026-10-02', reason: 'focus-area-not-offered', municipalityId: 'juelich', focusArea: 'psychosocial' });
    await store({ createdAt: '2026-11-03', reason: 'no-service-for-need', municipalityId: 'titz', needCategory: 'housing' });

    const listed = await h.api('GET', '/api/gap-reports', 'coordinator');
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    const { gapReports, groups } = listed.body as unknown as GapReportList;
    expect(gapReports.map((r) => r.createdAt)).toEqual(['2026-11-24', '2026-11-03', '2026-10-02']);
    expect(gapReports[0]).toMatchObject({ reason: 'focus-area-not-offered', municipalityId: 'juelich', focusArea: 'psychosocial', status: 'new', source: 'workflow' });
    // Only the report's own fields, none of the table's keys.
    expect(Object.keys(gapReports[0] ?? {}).sort()).toEqual(['createdAt', 'focusArea', 'gapReportId', 'municipalityId', 'reason', 'source', 'status', 'version']);
    expect(groups).toEqual([
      { reason: 'focus-area-not-offered', municipalityId: 'juelich', focusArea: 'psychosocial', status: 'new', count: 2, firstReported: '2026-10-02', lastReported: '2026-11-24' },
      { reason: 'no-service-for-need', municipalityId: 'titz', needCategory: 'housing', status: 'new', count: 1, firstReported: '2026-11-03', lastReported: '2026-11-03' },
    ]);
  });

  it('shows case managers their own reports with ?mine=true, nobody else\'s', async () => {
    const manager = h.staff('casemanager');
    const raised = await h.api('POST', '/api/gap-reports', manager.id, { reason: 'service-capacity', municipalityId: 'dueren', needCategory: 'language', text: 'Integrationskurse in Düren bis zum Sommer ausgebucht.' });
    expect(raised.status, JSON.stringify(raised.body)).toBe(201);
    const mine = await h.api('GET', '/api/gap-reports?mine=true', manager.id);
    expect(mine.status).toBe(200);
    expect((mine.body as unknown as GapReportList).gapReports).toEqual([raised.body]);
    expect(((await h.api('GET', '/api/gap-reports?mine=true', 'coordinator')).body as unknown as GapReportList).gapReports).toEqual([]);
    expect((await h.api('POST', '/api/gap-reports', 'intake', { reason: 'other', municipalityId: 'titz', text: 'x' })).status).toBe(403);
    const bad = await h.api('POST', '/api/gap-reports', manager.id, { reason: 'other', municipalityId: 'aachen', text: '' });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['municipalityId', 'text']);
    const missing = await h.api('POST', '/api/gap-reports/00000000-0000-4000-8000-000000000000/review', 'coordinator', { action: 'accept' });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ message: 'Die Bedarfsmeldung wurde nicht gefunden.' });
  });

  it('refuses case managers, intake staff and administrators (403)', async () => {
    for (const role of ['casemanager', 'intake', 'admin']) {
      const answer = await h.api('GET', '/api/gap-reports', role);
      expect(answer.status, role).toBe(403);
      expect(answer.body).toEqual({ message: 'Dafür fehlt Ihnen die Berechtigung.' });
    }
  });

  it('answers 401 without a token', async () => {
    expect((await fetch(`${await h.apiUrl()}/api/gap-reports`)).status).toBe(401);
  });
});
