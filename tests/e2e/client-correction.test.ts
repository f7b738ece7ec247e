/**
 * Correcting a person's data on the case page, in a real browser (Debian's Chromium via playwright-core) against
 * `npm start`: the coordination opens the form with the stored values, empties the family name and gets the German
 * error at the field, then corrects the name and moves the person to a municipality the case manager's provider does
 * not cover: the page says what follows, the case shows "Klärung nötig" with the way to the hand-over, and the history
 * names the corrected fields ("Daten berichtigt: Familienname, Kommune") without their values. axe-core's WCAG 2.1
 * A/AA rules on each state; screenshots go to .kim/screenshots/.
 */
import { describe, expect, it } from 'vitest';
import { checkPage, signIn } from '../fixtures/browser-checks.ts';
import { callAs, caseManagerWhenAssigned, useBrowserApp } from '../fixtures/browser-app.ts';
import { intakeFor } from '../fixtures/workflow-harness.ts';

const web = useBrowserApp('kim-correction-');
const COORDINATOR = 'sabine-kraemer';
// The Gemeinde Kreuzau's case management covers Kreuzau only.
const KREUZAU_ONLY = 'samuel-mensah';

/** A case in Kreuzau waiting for its assessment, held by Samuel Mensah (handed over to him if the assignment chose another). */
async function caseOfKreuzau(): Promise<string> {
  const intake = await callAs(web, 'lena-hoffmann', 'POST', '/api/intakes', intakeFor({ familyName: 'Karimi', givenNames: 'Darya', dateOfBirth: '1990-07-11', municipalityId: 'kreuzau' }));
  expect(intake.status, JSON.stringify(intake.body)).toBe(202);
  const caseId = String(intake.body.caseId);
  const manager = await caseManagerWhenAssigned(web, caseId);
  if (manager !== KREUZAU_ONLY) {
    const moved = await callAs(web, COORDINATOR, 'POST', `/api/cases/${caseId}/handover`, { from: manager, target: KREUZAU_ONLY, reason: 'Zuständig vor Ort' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
  }
  return caseId;
}

describe('correcting client data on the case page', () => {
  it('corrects a name and a municipality, says what the move means, and names the fields in the history', async () => {
    const caseId = await caseOfKreuzau();
    const context = await web.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    context.setDefaultTimeout(20_000);
    const page = await signIn(web.url, context, COORDINATOR);
    await page.goto(`${web.url}/fall.html?id=${caseId}`);
    await page.getByRole('heading', { name: 'Angaben berichtigen' }).waitFor();
    await page.getByText('Formular zum Berichtigen öffnen').click();
    const familyName = page.getByLabel('Familienname', { exact: true });
    expect(await familyName.inputValue()).toBe('Karimi');
    expect(await page.getByLabel('Kommune', { exact: true }).inputValue()).toBe('kreuzau');
    await checkPage(page, 'berichtigen-01-formular');

    // An empty family name: the intake's rule, in German beside the field and in the summary.
    await familyName.fill('');
    await page.getByRole('button', { name: 'Angaben berichtigen' }).click();
    await expect.poll(() => familyName.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('link', { name: /^Familienname:/ }).count()).toBe(1);
    await checkPage(page, 'berichtigen-02-fehler');

    await familyName.fill('Karimi-Sadeghi');
    await page.getByLabel('Kommune', { exact: true }).selectOption('juelich');
    await page.getByRole('button', { name: 'Angaben berichtigen' }).click();
    await expect.poll(() => page.locator('#meldung').textContent()).toContain('Daten berichtigt: Familienname, Kommune.');
    expect(await page.locator('#meldung').textContent()).toContain('ist für Jülich nicht zuständig: Bitte übergeben Sie den Fall');
    // The person's data as corrected; the case needs a hand-over, with the way there; the history names fields, not values.
    await expect.poll(() => page.locator('#fall').textContent()).toContain('Darya Karimi-Sadeghi');
    await page.getByRole('heading', { name: 'Klärung nötig' }).waitFor();
    expect(await page.getByRole('link', { name: 'Zur Übergabe' }).getAttribute('href')).toBe('#uebergabe');
    expect(await page.getByRole('button', { name: 'Fortsetzen' }).count()).toBe(0);
    const history = page.locator('li', { hasText: 'Daten berichtigt' });
    expect(await history.textContent()).toContain('Daten berichtigt: Familienname, Kommune (Sie)');
    expect(await history.textContent()).not.toMatch(/Karimi|Jülich|Kreuzau/);
    await checkPage(page, 'berichtigen-03-berichtigt');

    // The hand-over to someone covering Jülich settles it.
    await page.getByRole('link', { name: 'Zur Übergabe' }).click();
    const target = page.locator('#uebergabe select');
    await expect.poll(async () => (await target.locator('option').allTextContents()).join(' ')).toContain('Anna Weber');
    await target.selectOption({ label: (await target.locator('option', { hasText: 'Anna Weber' }).textContent()) ?? '' });
    await page.locator('#uebergabe textarea').fill('Umzug nach Jülich');
    await page.getByRole('button', { name: 'Fall übergeben' }).click();
    await expect.poll(() => page.locator('#meldung').textContent()).toContain('Fall an Anna Weber übergeben');
    expect(await page.getByRole('heading', { name: 'Klärung nötig' }).count()).toBe(0);
    await context.close();
  });
});
