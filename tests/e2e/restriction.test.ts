/**
 * "Verarbeitung einschränken" in a real browser (Debian's Chromium via playwright-core) against `npm start`: the data
 * protection officer finds the page in their navigation (nobody else has it), gets the German error for a missing case
 * number and for a restriction without a ground, restricts a case waiting for its assessment — the page shows stage
 * and block, never the person's data — and its case manager then sees the refusal on the case page and "gesperrt" in
 * the case list; after the lift the case page opens again. axe-core's WCAG 2.1 A/AA rules on each state.
 */
import { describe, expect, it } from 'vitest';
import { checkPage, signIn } from '../fixtures/browser-checks.ts';
import { callAs, caseManagerWhenAssigned, useBrowserApp } from '../fixtures/browser-app.ts';
import { intakeFor } from '../fixtures/workflow-harness.ts';

const web = useBrowserApp('kim-restriction-');
const DPO = 'jonas-berger';
const REFUSAL = 'Der Fall ist gesperrt (Einschränkung der Verarbeitung, Art. 18 DSGVO).';

describe('the data protection officer restricts the processing of a case', () => {
  it('restricts and lifts on the page; meanwhile the case manager is refused', async () => {
    const intake = await callAs(web, 'lena-hoffmann', 'POST', '/api/intakes', intakeFor({ familyName: 'Bondarenko', givenNames: 'Olena', dateOfBirth: '1979-01-23', nationality: 'UA', languages: ['uk'] }));
    expect(intake.status, JSON.stringify(intake.body)).toBe(202);
    const caseId = String(intake.body.caseId);
    const manager = await caseManagerWhenAssigned(web, caseId);

    const officerContext = await web.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    officerContext.setDefaultTimeout(20_000);
    const officer = await signIn(web.url, officerContext, DPO);
    await officer.getByRole('navigation').getByRole('link', { name: 'Verarbeitung einschränken' }).click();
    await officer.getByRole('heading', { name: 'Verarbeitung einschränken', level: 1 }).waitFor();
    const caseNumber = officer.getByLabel('Fallnummer');
    await caseNumber.waitFor();
    await checkPage(officer, 'sperre-01-leer');

    // No number: the error at the field.
    await officer.getByRole('button', { name: 'Fall anzeigen' }).click();
    await expect.poll(() => caseNumber.getAttribute('aria-invalid')).toBe('true');
    await checkPage(officer, 'sperre-02-fehler');

    await caseNumber.fill(caseId);
    await officer.getByRole('button', { name: 'Fall anzeigen' }).click();
    await officer.getByRole('heading', { name: `Fall ${caseId}` }).waitFor();
    const shown = (await officer.locator('#fallstand').textContent()) ?? '';
    expect(shown).toContain('Wartet auf Einschätzung');
    expect(shown).toContain('nicht eingeschränkt');
    expect(shown).not.toMatch(/Bondarenko|Olena/);
    // Restricting needs a ground, at its field.
    await officer.getByRole('button', { name: 'Verarbeitung einschränken' }).click();
    const ground = officer.getByLabel('Grund (Art. 18 Abs. 1 DSGVO)');
    await expect.poll(() => ground.getAttribute('aria-invalid')).toBe('true');
    await ground.selectOption('accuracy-contested');
    await officer.getByRole('button', { name: 'Verarbeitung einschränken' }).click();
    await expect.poll(() => officer.locator('#meldung').textContent()).toContain(`Fall ${caseId} gesperrt`);
    await expect.poll(() => officer.locator('#fallstand').textContent()).toContain('eingeschränkt seit');
    expect(await officer.locator('#fallstand').textContent()).toContain('Richtigkeit der Daten bestritten');
    await checkPage(officer, 'sperre-03-gesperrt');

    // The case manager: the refusal on the case page, "gesperrt" in the list.
    const managerContext = await web.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    managerContext.setDefaultTimeout(20_000);
    const casePage = await signIn(web.url, managerContext, manager);
    expect(await casePage.getByRole('link', { name: 'Verarbeitung einschränken' }).count()).toBe(0);
    await casePage.goto(`${web.url}/fall.html?id=${caseId}`);
    await expect.poll(() => casePage.locator('#fall').textContent()).toContain(REFUSAL);
    expect(await casePage.locator('#fall').textContent()).not.toContain('Bondarenko');
    await checkPage(casePage, 'sperre-04-fall-verweigert');
    await casePage.goto(`${web.url}/faelle.html`);
    await expect.poll(() => casePage.locator('tr', { hasText: caseId }).textContent()).toContain('gesperrt: Einschränkung der Verarbeitung (Art. 18 DSGVO)');

    // Lifted: the case page opens again.
    await officer.getByRole('button', { name: 'Einschränkung aufheben' }).click();
    await expect.poll(() => officer.locator('#meldung').textContent()).toContain('Einschränkung aufgehoben');
    await expect.poll(() => officer.locator('#fallstand').textContent()).toContain('nicht eingeschränkt');
    await casePage.goto(`${web.url}/fall.html?id=${caseId}`);
    await expect.poll(() => casePage.locator('#fall').textContent()).toContain('Olena Bondarenko');
    expect(await casePage.locator('#fall').textContent()).toContain('Einschränkung der Verarbeitung aufgehoben');
    await officerContext.close();
    await managerContext.close();
  });
});
