/**
 * GET /api/cases through the handler, with cases the workflow wrote (intake API, triage, assignment): the answer
 * matches the route's answer schema (the one in the OpenAPI document), pages by `next` to the total, and the query's
 * limits and filters are refused in German by field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCasesAnswer } from '../../functions/list-cases/schema.ts';
import { intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';

describe('GET /api/cases', () => {
  const h = new WorkflowHarness();
  const caseIds: string[] = [];

  beforeAll(async () => {
    await h.start();
    for (const municipalityId of ['kreuzau', 'kreuzau', 'juelich', 'dueren', 'kreuzau']) {
      const submitted = await h.api('POST', '/api/intakes', 'intake', intakeFor({ municipalityId, familyName: 'Seitenweise' }));
      caseIds.push(String(submitted.body.caseId));
    }
    for (const caseId of caseIds) await h.waitForStage(caseId, 'awaiting-assessment', 'assessment');
  });
  afterAll(async () => {
    await h.stop();
  });

  it('answers pages in the schema, to the total, without a case twice', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let total = 0;
    do {
      const answer = await h.api('GET', `/api/cases?limit=2${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`, 'coordinator');
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      const page = listCasesAnswer.parse(answer.body);
      expect(page.cases.length).toBeLessThanOrEqual(2);
      seen.push(...page.cases.map((c) => c.caseId));
      total = page.total;
      cursor = page.next;
    } while (cursor !== undefined);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(total);
    expect(seen).toEqual(expect.arrayContaining(caseIds));

    const kreuzau = listCasesAnswer.parse((await h.api('GET', '/api/cases?municipality=kreuzau&stage=awaiting-assessment', 'coordinator')).body);
    expect(kreuzau.cases.every((c) => c.municipalityId === 'kreuzau' && c.stage === 'awaiting-assessment')).toBe(true);
    expect(kreuzau.total).toBe(kreuzau.cases.length);
    expect(kreuzau.cases.map((c) => c.caseId)).toEqual(expect.arrayContaining([caseIds[0], caseIds[1], caseIds[4]]));

    // A case manager's own cases: exactly those assigned to them.
    const record = await h.case(caseIds[0] ?? '');
    const own = listCasesAnswer.parse((await h.api('GET', '/api/cases', record.caseManagerId ?? '')).body);
    expect(own.cases.length).toBeGreaterThan(0);
    expect(own.cases.every((c) => c.caseManagerId === record.caseManagerId)).toBe(true);
  });

  it('refuses a limit out of range, a bad cursor, two filters, and the coordination filters to a case manager', async () => {
    for (const limit of ['0', '101', 'viele']) {
      const answer = await h.api('GET', `/api/cases?limit=${limit}`, 'coordinator');
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'limit' })]);
    }
    expect((await h.api('GET', '/api/cases?cursor=eyJ4IjoxfQ', 'coordinator')).body).toMatchObject({ errors: [{ field: 'cursor', message: 'ist ungültig' }] });
    expect((await h.api('GET', '/api/cases?municipality=kreuzau&overdue=true', 'coordinator')).body).toMatchObject({ errors: [{ field: 'overdue' }] });
    expect((await h.api('GET', '/api/cases?municipality=atlantis', 'coordinator')).body).toMatchObject({ errors: [{ field: 'municipality', message: 'ist keine Kommune des Kreises' }] });
    const manager = (await h.case(caseIds[0] ?? '')).caseManagerId ?? '';
    const refused = await h.api('GET', '/api/cases?needsAttention=true', manager);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ errors: [{ field: 'needsAttention' }] });
  });
});
