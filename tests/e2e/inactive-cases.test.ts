/**
 * "Ruhende Fälle" in a real browser against `npm start`: cases untouched for longer than the profile's period (their
 * last change written back directly, to the case and its entry by activity: the test cannot wait half a year) are
 * listed to the coordination with stage, municipality, case manager and quiet days, the quietest first, linked to
 * the case page; a page at a time, with "Weitere laden"; no personal data is on the page; the case manager's
 * navigation has no such page and the API refuses them; a limit out of range or a foreign cursor is refused in
 * German by field. axe on the page.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient, createDynamoDbClient } from '../../core/adapters/dynamodb-client.ts';
import { tableKeys } from '../../core/adapters/table-keys.ts';
import { inactiveCasesAnswer } from '../../functions/list-inactive-cases/schema.ts';
import { callAs, signedInPage, useBrowserApp } from '../fixtures/browser-app.ts';
import { checkPage } from '../fixtures/browser-checks.ts';
import { eventually } from '../fixtures/eventually.ts';
import { intakeFor } from '../fixtures/workflow-harness.ts';

const web = useBrowserApp('kim-inactive-');
const DAY = 24 * 60 * 60 * 1000;
const COORDINATOR = 'sabine-kraemer';

/** An assigned case whose last change is `days` ago: the case item and its entry by activity, as a write then left them. */
async function quietCase(familyName: string, days: number): Promise<{ caseId: string; caseManagerId: string }> {
  const intake = await callAs(web, 'lena-hoffmann', 'POST', '/api/intakes', intakeFor({ familyName, needs: { categories: ['housing'] } }));
  expect(intake.status, JSON.stringify(intake.body)).toBe(202);
  const caseId = String(intake.body.caseId);
  const assigned = await eventually(async () => {
    const record = (await callAs(web, COORDINATOR, 'GET', `/api/cases/${caseId}`)).body.case as { stage?: string; caseManagerId?: string } | undefined;
    return record?.stage === 'awaiting-assessment' ? record : undefined;
  }, 30_000);
  const quietSince = new Date(Date.now() - days * DAY).toISOString();
  const documents = createDocumentClient(createDynamoDbClient({ region: 'eu-central-1', endpoint: `http://127.0.0.1:${web.ports.DYNAMODB_PORT}` }));
  try {
    await documents.send(new UpdateCommand({ TableName: 'kim-flow', Key: tableKeys.case(caseId), UpdateExpression: 'SET updatedAt = :then', ExpressionAttributeValues: { ':then': quietSince } }));
    const moved = { ':order': tableKeys.caseActivityIndex(quietSince, caseId).gsi1sk, ':then': quietSince };
    await documents.send(new UpdateCommand({ TableName: 'kim-flow', Key: tableKeys.caseActivityEntry(caseId), UpdateExpression: 'SET gsi1sk = :order, lastActivityAt = :then, updatedAt = :then', ExpressionAttributeValues: moved }));
  } finally {
    documents.destroy();
  }
  return { caseId, caseManagerId: assigned.caseManagerId ?? '' };
}

describe('the coordination’s list of quiet open cases', () => {
  it('lists the cases quiet for longer than the period, a page at a time, links them, and shows no personal data', async () => {
    const quiet = await quietCase('Stillwasser', 200);
    const quieter = await quietCase('Stillmeer', 250);
    expect((await callAs(web, quiet.caseManagerId, 'GET', '/api/inactive-cases')).status).toBe(403);

    // The API: a page in the answer's schema, the quietest first, continued by `next`; bad limits and cursors refused.
    const first = await callAs(web, COORDINATOR, 'GET', '/api/inactive-cases?limit=1');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const page = inactiveCasesAnswer.parse(first.body);
    expect(page.cases.map((c) => c.caseId)).toEqual([quieter.caseId]);
    const second = inactiveCasesAnswer.parse((await callAs(web, COORDINATOR, 'GET', `/api/inactive-cases?limit=1&cursor=${encodeURIComponent(page.next ?? '')}`)).body);
    expect(second.cases.map((c) => c.caseId)).toEqual([quiet.caseId]);
    for (const limit of ['0', '101', 'viele']) {
      const refused = await callAs(web, COORDINATOR, 'GET', `/api/inactive-cases?limit=${limit}`);
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'limit' })]);
    }
    const foreign = await callAs(web, COORDINATOR, 'GET', '/api/inactive-cases?cursor=eyJ4IjoxfQ');
    expect(foreign.status).toBe(400);
    expect(foreign.body).toMatchObject({ errors: [{ field: 'cursor', message: 'ist ungültig' }] });

    const browser = await signedInPage(web, 'Sabine Krämer');
    // One case per page, so the page's "Weitere laden" is reached with two quiet cases.
    await browser.route('**/api/inactive-cases*', (route) => route.continue({ url: `${route.request().url()}${route.request().url().includes('?') ? '&' : '?'}limit=1` }));
    await browser.getByRole('link', { name: 'Ruhende Fälle' }).click();
    await browser.waitForURL(/ruhende-faelle/);
    const rowOf = (caseId: string) => browser.getByRole('row').filter({ has: browser.getByRole('link', { name: caseId }) });
    await rowOf(quieter.caseId).waitFor();
    expect(await rowOf(quiet.caseId).count()).toBe(0);
    await expect.poll(() => browser.locator('caption').textContent()).toContain('1 Fall angezeigt, weitere folgen. Frist: 180 Tage ohne Aktivität.');
    await checkPage(browser, 'ruhende-faelle-01');
    await browser.getByRole('button', { name: 'Weitere laden' }).click();
    const row = rowOf(quiet.caseId);
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Wartet auf Einschätzung');
    expect(text).toContain('Kreuzau');
    expect(text).toMatch(/20\d Tagen/);
    for (const name of ['Stillwasser', 'Stillmeer']) expect(await browser.locator('main').textContent()).not.toContain(name);
    await expect.poll(() => browser.locator('caption').textContent()).toContain('2 Fälle angezeigt. Frist');
    expect(await browser.getByRole('button', { name: 'Weitere laden' }).count()).toBe(0);

    await row.getByRole('link', { name: quiet.caseId }).click();
    await browser.waitForURL(new RegExp(`fall\\.html\\?id=${quiet.caseId}`));
    await browser.context().close();

    const manager = await signedInPage(web, 'Ayşe Yılmaz');
    expect(await manager.getByRole('link', { name: 'Ruhende Fälle' }).count()).toBe(0);
    await manager.context().close();
  });
});
