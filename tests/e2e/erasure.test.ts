/**
 * Erasure (Art. 17 DSGVO) on the case page, in a real browser (Debian's Chromium via playwright-core) against
 * `npm start`: a case is taken to monitoring through the API; the coordination opens it, tries without a basis and
 * with a wrong case number (German errors at the fields), then erases it and sees the start, the tombstone with its
 * progress until the erasure is done, and "gelöscht" in the case list. The case manager finds no section to erase.
 * axe-core's WCAG 2.1 A/AA rules on each state; screenshots go to .kim/screenshots/.
 */
import { describe, expect, it } from 'vitest';
import { checkPage, signIn } from '../fixtures/browser-checks.ts';
import { eventually } from '../fixtures/eventually.ts';
import { intakeFor } from '../fixtures/workflow-harness.ts';
import { callAs, caseManagerWhenAssigned, useBrowserApp } from '../fixtures/browser-app.ts';

const web = useBrowserApp('kim-erasure-');
const COORDINATOR = 'sabine-kraemer';

const call = (personId: string, method: 'GET' | 'POST', path: string, body?: unknown) => callAs(web, personId, method, path, body);

/** A case recorded and assessed (a need without a service: straight on to monitoring), through the API. */
async function caseInMonitoring(): Promise<{ caseId: string; manager: string }> {
  const intake = await call('lena-hoffmann', 'POST', '/api/intakes', intakeFor({ familyName: 'Kanarienvogel', givenNames: 'Mira', dateOfBirth: '1990-04-11', interpreterNeeded: false, needs: { categories: ['housing'] } }));
  expect(intake.status, JSON.stringify(intake.body)).toBe(202);
  const caseId = String(intake.body.caseId);
  const manager = await caseManagerWhenAssigned(web, caseId);
  await eventually(async () => ((await call(manager, 'POST', `/api/cases/${caseId}/assessment`, { needs: [{ category: 'housing' }], consents: [] })).status === 200 ? true : undefined), 30_000);
  await eventually(async () => (((await call(COORDINATOR, 'GET', `/api/cases/${caseId}`)).body.case as { stage?: string } | undefined)?.stage === 'monitoring' ? true : undefined), 30_000);
  return { caseId, manager };
}

describe('erasing a person on the case page', () => {
  it('asks for the basis and the case number at their fields, then leaves only the tombstone', async () => {
    const { caseId, manager } = await caseInMonitoring();
    const context = await web.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    context.setDefaultTimeout(20_000);

    // The case manager works with the person; erasing is the coordination's.
    const own = await signIn(web.url, context, manager);
    await own.goto(`${web.url}/fall.html?id=${caseId}`);
    await own.getByRole('heading', { name: 'Angaben zur Person' }).waitFor();
    expect(await own.getByRole('heading', { name: 'Löschen (Art. 17 DSGVO)' }).count()).toBe(0);
    await own.close();

    const page = await signIn(web.url, context, COORDINATOR);
    await page.goto(`${web.url}/fall.html?id=${caseId}`);
    await page.getByRole('heading', { name: 'Löschen (Art. 17 DSGVO)' }).waitFor();
    expect(await page.getByText('Achtung: Die Löschung lässt sich nicht rückgängig machen.').count()).toBe(1);
    await checkPage(page, 'loeschen-01-fall');

    // Neither basis nor case number: both errors at their fields, each read with it.
    const erase = page.getByRole('button', { name: 'Daten der Person endgültig löschen' });
    const basis = page.getByLabel('Rechtsgrundlage der Löschung');
    const confirm = page.getByLabel('Fallnummer zur Bestätigung');
    await erase.click();
    await expect.poll(() => basis.getAttribute('aria-invalid')).toBe('true');
    const described = async (control: typeof basis): Promise<string> =>
      (await Promise.all(((await control.getAttribute('aria-describedby')) ?? '').split(' ').map((id) => page.locator(`[id="${id}"]`).textContent()))).join(' ');
    expect(await described(basis)).toContain('bitte die Rechtsgrundlage der Löschung wählen');
    expect(await described(confirm)).toContain('bitte die Fallnummer zur Bestätigung eingeben');
    await checkPage(page, 'loeschen-02-fehler');

    await basis.selectOption('request');
    await confirm.fill('KIM-2026-00000000');
    await erase.click();
    await expect.poll(() => confirm.getAttribute('aria-invalid')).toBe('true');
    expect(await described(confirm)).toContain(`stimmt nicht mit der Fallnummer ${caseId} überein`);
    expect((await call(COORDINATOR, 'GET', `/api/cases/${caseId}`)).body).toHaveProperty('client');

    await confirm.fill(caseId);
    await erase.click();
    await expect.poll(() => page.locator('#meldung').textContent()).toContain('Die Löschung wurde begonnen.');
    await expect.poll(() => page.locator('#fall').textContent()).toMatch(/Die Daten dieser Person wurden am \d{2}\.\d{2}\.\d{4} gelöscht \(Art\. 17 DSGVO, auf Antrag\)\./);
    // Progress until the workflow is done, in a status region; nothing else of the case is shown.
    const progress = page.locator('#fall').getByRole('status');
    await expect.poll(() => progress.textContent(), { timeout: 30_000 }).toContain('Die Löschung ist abgeschlossen');
    expect(await page.getByRole('heading', { name: 'Angaben zur Person' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Verlauf' }).count()).toBe(0);
    expect(await page.locator('#fall').textContent()).not.toContain('Kanarienvogel');
    await checkPage(page, 'loeschen-03-geloescht');

    await page.goto(`${web.url}/faelle.html`);
    const row = page.getByRole('row').filter({ hasText: caseId });
    await expect.poll(() => row.textContent()).toContain('gelöscht');
    await checkPage(page, 'loeschen-04-fallliste');
    await context.close();
  });
});
