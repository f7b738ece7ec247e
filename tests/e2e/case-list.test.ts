/**
 * "Alle Fälle" a page at a time in a real browser against `npm start`: 130 cases seeded through the case repository
 * (its transactions write the list entries and counters, as every case write does), some parked, some crises, over
 * three municipalities. The first page shows at most the API's default of 50 with the total, parked cases first and
 * then crises; "Weitere laden" appends the next page without a case twice, says so in the status region and moves
 * the focus to the first new case; a filter narrows the list and its count. The API refuses a bad cursor in German.
 * axe on the page.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DynamoCaseRepository } from '../../core/adapters/dynamo-case-repository.ts';
import { createDocumentClient, createDynamoDbClient } from '../../core/adapters/dynamodb-client.ts';
import { caseFromIntake, newCaseId, type CaseRecord } from '../../core/cases/case.ts';
import { intakeSchema, type Intake } from '../../core/intake/intake-schema.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { callAs, signedInPage, useBrowserApp } from '../fixtures/browser-app.ts';
import { checkPage } from '../fixtures/browser-checks.ts';
import { intakeFor } from '../fixtures/workflow-harness.ts';
import { kpiCalendarOf } from '../../core/reports/kpi-calendar.ts';

const web = useBrowserApp('kim-case-list-');
const MUNICIPALITIES = ['kreuzau', 'dueren', 'juelich'];
const SEEDED = 130;

/** Cases straight into the table through the repository, no workflow: they stay where they are put. */
async function seed(): Promise<CaseRecord[]> {
  const profile = bundledProfile();
  const documents = createDocumentClient(createDynamoDbClient({ region: 'eu-central-1', endpoint: `http://127.0.0.1:${web.ports.DYNAMODB_PORT}` }));
  const cases = new DynamoCaseRepository(documents, 'kim-flow', kpiCalendarOf(profile));
  const schema = intakeSchema({ profile, today: new Date().toISOString().slice(0, 10) });
  const seeded: CaseRecord[] = [];
  try {
    for (let i = 0; i < SEEDED; i += 1) {
      const now = new Date(Date.now() - (SEEDED - i) * 60_000);
      // The repository takes the intake as parsed; the API's confirmation of a duplicate is not part of it.
      const { duplicateConfirmed: _confirmed, ...raw } = intakeFor({ municipalityId: MUNICIPALITIES[i % 3], crisis: i % 10 === 3, familyName: 'Liste' });
      const intake: Intake = schema.parse(raw);
      const { case: record, client } = caseFromIntake(newCaseId(now), intake, 'lena-hoffmann', now);
      await cases.createCase({ case: record, client, idempotency: { keyHash: randomUUID(), requestHash: randomUUID(), expiresAt: Math.floor(now.getTime() / 1000) + 86_400 } });
      // Every 20th parked: the coordination must clear it.
      seeded.push(i % 20 === 7 ? await cases.updateCase(record, { attention: { step: 'Triage', at: now.toISOString() } }, undefined, now) : record);
    }
  } finally {
    documents.destroy();
  }
  return seeded;
}

const rowLinks = (page: Page): Promise<string[]> => page.locator('tbody th[scope="row"] a').allTextContents();

describe('the case list, a page at a time', () => {
  it('shows the first page with the total, loads more without duplicates, and filters', async () => {
    const seeded = await seed();
    const parked = seeded.filter((c) => c.attention !== undefined);
    const crises = seeded.filter((c) => c.attention === undefined && c.crisis);

    const bad = await callAs(web, 'sabine-kraemer', 'GET', '/api/cases?cursor=kaputt');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('ist ungültig');

    const page = await signedInPage(web, 'Sabine Krämer');
    await page.goto(`${web.url}/faelle.html`);
    await page.locator('tbody tr').first().waitFor();
    const first = await rowLinks(page);
    expect(first).toHaveLength(50);
    await expect.poll(() => page.locator('caption').textContent()).toContain(`${String(SEEDED)} Fälle, 50 angezeigt`);
    // Parked first (oldest first), then the crises.
    expect(first.slice(0, parked.length)).toEqual(parked.map((c) => c.caseId));
    expect(first.slice(parked.length, parked.length + crises.length)).toEqual(crises.map((c) => c.caseId));
    await checkPage(page, 'faelle-seiten-01');

    await page.getByRole('button', { name: 'Weitere laden' }).click();
    await expect.poll(async () => (await rowLinks(page)).length).toBe(100);
    expect(await page.locator('#seitenstatus').textContent()).toBe('50 weitere Fälle geladen.');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe((await rowLinks(page))[50]);
    await page.getByRole('button', { name: 'Weitere laden' }).click();
    await expect.poll(async () => (await rowLinks(page)).length).toBe(SEEDED);
    const all = await rowLinks(page);
    expect(new Set(all).size).toBe(SEEDED);
    expect([...all].sort()).toEqual(seeded.map((c) => c.caseId).sort());
    expect(await page.getByRole('button', { name: 'Weitere laden' }).count()).toBe(0);
    expect(await page.locator('#seitenstatus').textContent()).toBe('30 weitere Fälle geladen.');

    // One municipality: the form, as a link.
    await page.getByLabel('Eingrenzen auf').selectOption({ label: 'Düren (Stadt)' });
    await page.getByRole('button', { name: 'Filter anwenden' }).click();
    await page.waitForURL(/auswahl=kommune%3Adueren/);
    const inDueren = seeded.filter((c) => c.municipalityId === 'dueren').length;
    await expect.poll(() => page.locator('caption').textContent()).toContain(`${String(inDueren)} Fälle (gefiltert: Kommune Düren (Stadt)), 43 angezeigt`);
    expect((await page.locator('tbody tr td:nth-child(2)').allTextContents()).every((name) => name === 'Düren (Stadt)')).toBe(true);

    await page.getByLabel('Eingrenzen auf').selectOption({ label: 'Klärung nötig' });
    await page.getByRole('button', { name: 'Filter anwenden' }).click();
    await page.waitForURL(/auswahl=klaerung/);
    await expect.poll(() => rowLinks(page)).toEqual(parked.map((c) => c.caseId));
    await checkPage(page, 'faelle-seiten-02');
    await page.context().close();
  });
});
