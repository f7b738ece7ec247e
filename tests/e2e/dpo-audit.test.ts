/**
 * The data protection officer's "Protokoll der Zugriffe", in a real browser against `npm start`: the coordination
 * and the case manager read a case; the officer signs in (landing on the page), filters the reads of that case by
 * the coordinator and today, and sees exactly those lines with name, role, case number and kind — and nothing of
 * the person: the client's family name is nowhere on the page. A period over twelve months is refused at its
 * field. axe-core's WCAG 2.1 A/AA rules on each state; screenshots go to .kim/screenshots/.
 */
import { describe, expect, it } from 'vitest';
import { callAs, caseManagerWhenAssigned, useBrowserApp } from '../fixtures/browser-app.ts';
import { checkPage, signIn } from '../fixtures/browser-checks.ts';
import { intakeFor } from '../fixtures/workflow-harness.ts';

const web = useBrowserApp('kim-dpo-');
const FAMILY_NAME = 'Protokollweiler';

describe('the data protection officer’s audit view', () => {
  it('filters the reads of a case by person and period, without any data of the person', async () => {
    const intake = await callAs(web, 'lena-hoffmann', 'POST', '/api/intakes', intakeFor({ familyName: FAMILY_NAME, needs: { categories: ['language'] } }));
    expect(intake.status, JSON.stringify(intake.body)).toBe(202);
    const caseId = String(intake.body.caseId);
    const manager = await caseManagerWhenAssigned(web, caseId);
    for (let i = 0; i < 3; i += 1) expect((await callAs(web, 'sabine-kraemer', 'GET', `/api/cases/${caseId}`)).status).toBe(200);
    expect((await callAs(web, manager, 'GET', `/api/cases/${caseId}`)).status).toBe(200);
    const reads = (await callAs(web, manager, 'GET', `/api/cases/${caseId}`)).body.history as { kind: string; actor: string }[];
    const coordinatorReads = reads.filter((e) => e.kind === 'case-read' && e.actor === 'sabine-kraemer').length;
    expect(coordinatorReads).toBeGreaterThanOrEqual(3);

    const context = await web.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    context.setDefaultTimeout(20_000);
    const page = await signIn(web.url, context, 'jonas-berger');
    await page.waitForURL((url) => url.pathname === '/datenschutz.html');
    expect(await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Protokoll der Zugriffe' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Protokoll anzeigen' }).waitFor();
    await checkPage(page, 'datenschutz-01-start');

    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
    await page.getByLabel('Person').selectOption({ label: 'Sabine Krämer (Koordination)' });
    await page.getByLabel('Fallnummer').fill(caseId);
    await page.getByLabel('Von').fill(today);
    await page.getByLabel('Bis').fill(today);
    await page.getByRole('button', { name: 'Protokoll anzeigen' }).click();
    const table = page.getByRole('table');
    const rows = table.locator('tbody tr');
    // The page showed the last 30 days on arrival: wait until the filtered answer replaced that table. The filter
    // found the reads the case's history holds for her.
    await expect.poll(() => page.url()).toContain(`case=${caseId}`);
    await expect.poll(() => rows.count()).toBe(coordinatorReads);
    expect(await table.locator('caption').textContent()).toContain('Vorgänge');
    for (const text of await rows.allTextContents()) {
      expect(text).toContain('Sabine Krämer');
      expect(text).toContain('Koordination');
      expect(text).toContain(caseId);
      expect(text).toContain('Fall angesehen');
    }
    expect(page.url()).toContain(`case=${caseId}`);
    expect(await page.content()).not.toContain(FAMILY_NAME);
    await checkPage(page, 'datenschutz-02-gefiltert');

    // The case manager's reads are there too when the person filter is left open; still nothing of the person.
    await page.getByLabel('Person').selectOption({ label: 'Alle Personen' });
    await page.getByRole('button', { name: 'Protokoll anzeigen' }).click();
    await expect.poll(() => rows.count()).toBeGreaterThan(coordinatorReads);
    expect(await page.content()).not.toContain(FAMILY_NAME);

    // More than twelve months: refused at the field "Bis", named in the summary.
    await page.getByLabel('Von').fill('2024-01-01');
    await page.getByRole('button', { name: 'Protokoll anzeigen' }).click();
    const to = page.getByLabel('Bis');
    await expect.poll(() => to.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('link', { name: 'Bis: der Zeitraum darf höchstens 12 Monate umfassen' }).count()).toBe(1);
    await checkPage(page, 'datenschutz-03-fehler');

    // The record of processing is one link away and names the services without any person.
    await page.getByRole('link', { name: 'Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO)' }).click();
    await page.getByRole('heading', { name: 'Empfänger: Stellen des Katalogs' }).waitFor();
    expect(await page.getByRole('table', { name: 'Empfänger und übermittelte Daten' }).getByRole('row').filter({ hasText: 'Integrationskurs' }).count()).toBeGreaterThan(0);
    await checkPage(page, 'verarbeitungsverzeichnis-01');
    await context.close();
  });
});
