/**
 * Hand-over in a real browser (Debian's Chromium via playwright-core) against `npm start`: the coordination hands one
 * case over on its page (the reason missing first: the German error at its field), then — after its case manager
 * left — all her open cases on the page "Übergabe", automatically to the least loaded; every row says where its case
 * went and she owns none afterwards. axe-core's WCAG 2.1 A/AA rules on each state; screenshots go to .kim/screenshots/.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import demoData from '../../local/demo/demo-data.json' with { type: 'json' };
import { createDocumentClient, createDynamoDbClient } from '../../core/adapters/dynamodb-client.ts';
import { tableKeys } from '../../core/adapters/table-keys.ts';
import { axeViolations, describeViolations, screenshot } from '../fixtures/browser.ts';
import { callAs, signedInPage, useBrowserApp } from '../fixtures/browser-app.ts';
import { eventually } from '../fixtures/eventually.ts';
import { intakeFor } from '../fixtures/workflow-harness.ts';

const web = useBrowserApp('kim-handover-');
const REASON = 'Elternzeit der bisherigen Case-Managerin.';

const nameOf = (staffId: string): string => demoData.staff.find((s) => s.id === staffId)?.name ?? staffId;

async function ownerOf(caseId: string): Promise<string> {
  return eventually(async () => {
    const record = (await callAs(web, 'sabine-kraemer', 'GET', `/api/cases/${caseId}`)).body.case as { stage?: string; caseManagerId?: string } | undefined;
    return record?.stage === 'awaiting-assessment' ? record.caseManagerId : undefined;
  }, 30_000);
}

async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(describeViolations(await axeViolations(page)), `axe on ${name}`).toEqual([]);
}

describe('handing cases over in the browser', () => {
  it('hands one case over on its page, then every open case of a case manager who left on the page "Übergabe"', async () => {
    // Three cases in Kreuzau, all brought to one case manager through the API.
    const caseIds: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const intake = await callAs(web, 'lena-hoffmann', 'POST', '/api/intakes', intakeFor({ needs: { categories: ['language'] } }));
      expect(intake.status, JSON.stringify(intake.body)).toBe(202);
      caseIds.push(String(intake.body.caseId));
    }
    const [first = '', ...others] = caseIds;
    const leaving = await ownerOf(first);
    for (const caseId of others) {
      const from = await ownerOf(caseId);
      if (from !== leaving) expect((await callAs(web, 'sabine-kraemer', 'POST', `/api/cases/${caseId}/handover`, { from, target: leaving, reason: REASON })).status).toBe(200);
    }

    // One case on its page: the reason is required, then it goes to the person chosen.
    const page = await signedInPage(web, 'Sabine Krämer');
    await page.goto(`${web.url}/fall.html?id=${first}`);
    await page.getByRole('heading', { name: 'Übergeben' }).waitFor();
    const target = page.getByLabel('Übergeben an');
    await target.waitFor();
    await checkPage(page, 'uebergabe-01-fall');
    await page.getByRole('button', { name: 'Fall übergeben' }).click();
    const reason = page.getByLabel('Grund der Übergabe');
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await reason.getAttribute('aria-describedby')) ?? '';
    const texts = await Promise.all(describedBy.split(' ').map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(texts.join(' ')).toContain('darf nicht leer sein');
    await checkPage(page, 'uebergabe-02-fehler');
    const targets = (await callAs(web, 'sabine-kraemer', 'GET', `/api/cases/${first}/handover`)).body.targets as { staffId: string }[];
    const chosen = targets[0]?.staffId ?? '';
    await target.selectOption(chosen);
    await reason.fill(REASON);
    await page.getByRole('button', { name: 'Fall übergeben' }).click();
    await expect.poll(() => page.locator('#meldung').textContent(), { timeout: 10_000 }).toContain(`Fall an ${nameOf(chosen)} übergeben`);
    await expect.poll(() => page.getByText(`Fall übergeben von ${leaving} an ${chosen}`).count()).toBe(1);
    await checkPage(page, 'uebergabe-03-uebergeben');

    // She leaves (as `npm run staff -- disable` marks her): the page lists her with her remaining cases.
    const documents = createDocumentClient(createDynamoDbClient({ region: 'eu-central-1', endpoint: `http://127.0.0.1:${web.ports.DYNAMODB_PORT}` }));
    try {
      await documents.send(
        new UpdateCommand({ TableName: 'kim-flow', Key: tableKeys.staffKey(leaving), UpdateExpression: 'SET disabledAt = :at', ExpressionAttributeValues: { ':at': new Date().toISOString() } }),
      );
    } finally {
      documents.destroy();
    }
    await page.getByRole('link', { name: 'Übergabe' }).click();
    await page.waitForURL((url) => url.pathname === '/uebergabe.html');
    const person = page.getByLabel('Fälle von');
    await person.waitFor();
    await person.selectOption(leaving);
    expect(await person.locator('option:checked').textContent()).toContain('deaktiviert');
    await page.getByRole('button', { name: 'Offene Fälle zeigen' }).click();
    await page.getByRole('heading', { name: `Offene Fälle von ${nameOf(leaving)}` }).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(2);
    await checkPage(page, 'uebergabe-04-person');

    await page.getByRole('button', { name: 'Alle 2 offene Fälle übergeben' }).click();
    const bulkReason = page.getByLabel('Grund der Übergabe');
    await expect.poll(() => bulkReason.getAttribute('aria-invalid')).toBe('true');
    await bulkReason.fill(REASON);
    await page.getByRole('button', { name: 'Alle 2 offene Fälle übergeben' }).click();
    // One case after the other, each with its mail: give it time.
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 20_000 }).toContain('Alle 2 offene Fälle sind übergeben.');
    expect(await page.locator('td.ergebnis').allTextContents()).toEqual([expect.stringMatching(/^übergeben an /), expect.stringMatching(/^übergeben an /)]);
    await checkPage(page, 'uebergabe-05-uebergeben');
    expect((await callAs(web, 'sabine-kraemer', 'GET', `/api/staff/${leaving}/cases`)).body.cases).toEqual([]);
    await page.context().close();
  });
});
