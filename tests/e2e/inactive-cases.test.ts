/**
 * "Ruhende Fälle" in a real browser against `npm start`: a case untouched for longer than the profile's period (its
 * last change written back directly: the test cannot wait half a year) is listed to the coordination with its stage,
 * municipality, case manager and quiet days, linked to the case page; no personal data is on the page; the case
 * manager's navigation has no such page and the API refuses them. axe on the page.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient, createDynamoDbClient } from '../../core/adapters/dynamodb-client.ts';
import { tableKeys } from '../../core/adapters/table-keys.ts';
import { callAs, signedInPage, useBrowserApp } from '../fixtures/browser-app.ts';
import { checkPage } from '../fixtures/browser-checks.ts';
import { eventually } from '../fixtures/eventually.ts';
import { intakeFor } from '../fixtures/workflow-harness.ts';

const web = useBrowserApp('kim-inactive-');
const DAY = 24 * 60 * 60 * 1000;

describe('the coordination’s list of quiet open cases', () => {
  it('lists a case quiet for longer than the period, links it, and shows no personal data', async () => {
    const intake = await callAs(web, 'lena-hoffmann', 'POST', '/api/intakes', intakeFor({ familyName: 'Stillwasser', needs: { categories: ['housing'] } }));
    expect(intake.status, JSON.stringify(intake.body)).toBe(202);
    const caseId = String(intake.body.caseId);
    const assigned = await eventually(async () => {
      const record = (await callAs(web, 'sabine-kraemer', 'GET', `/api/cases/${caseId}`)).body.case as { stage?: string; caseManagerId?: string } | undefined;
      return record?.stage === 'awaiting-assessment' ? record : undefined;
    }, 30_000);

    const quietSince = new Date(Date.now() - 200 * DAY).toISOString();
    const documents = createDocumentClient(createDynamoDbClient({ region: 'eu-central-1', endpoint: `http://127.0.0.1:${web.ports.DYNAMODB_PORT}` }));
    try {
      await documents.send(new UpdateCommand({ TableName: 'kim-flow', Key: tableKeys.case(caseId), UpdateExpression: 'SET updatedAt = :then', ExpressionAttributeValues: { ':then': quietSince } }));
    } finally {
      documents.destroy();
    }
    expect((await callAs(web, assigned.caseManagerId ?? '', 'GET', '/api/inactive-cases')).status).toBe(403);

    const page = await signedInPage(web, 'Sabine Krämer');
    await page.getByRole('link', { name: 'Ruhende Fälle' }).click();
    await page.waitForURL(/ruhende-faelle/);
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: caseId }) });
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Wartet auf Einschätzung');
    expect(text).toContain('Kreuzau');
    expect(text).toMatch(/20\d Tagen/);
    expect(await page.locator('main').textContent()).not.toContain('Stillwasser');
    await expect.poll(() => page.locator('caption').textContent()).toContain('Frist: 180 Tage ohne Aktivität.');
    await checkPage(page, 'ruhende-faelle-01');

    await row.getByRole('link', { name: caseId }).click();
    await page.waitForURL(new RegExp(`fall\\.html\\?id=${caseId}`));
    await page.context().close();

    const manager = await signedInPage(web, 'Ayşe Yılmaz');
    expect(await manager.getByRole('link', { name: 'Ruhende Fälle' }).count()).toBe(0);
    await manager.context().close();
  });
});
