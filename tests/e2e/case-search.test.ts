/**
 * The duplicate-person warning, the case search and the caseload page in a real browser (Debian's Chromium via
 * playwright-core) against `npm start`: a person already recorded through the API is recorded again in the intake
 * form in another spelling — the form warns (the case number, nothing else); cancelling creates nothing, confirming
 * creates the second case, with JavaScript and without. The coordination finds both cases by name and date of birth
 * (after a mistake in the date, shown at its field), gets a plain message for a person without a case, and sees the
 * caseload per case manager. axe-core's WCAG 2.1 A/AA rules on each state; screenshots go to .kim/screenshots/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import demoData from '../../local/demo/demo-data.json' with { type: 'json' };
import { checkPage, checkPageWithoutScripts, signIn } from '../fixtures/browser-checks.ts';
import { tokenOf, useBrowserApp } from '../fixtures/browser-app.ts';

const web = useBrowserApp('kim-search-');
const BORN = '1987-04-12';

/** The cases the coordination finds for the person, through the API. */
async function casesOfPerson(): Promise<string[]> {
  const response = await fetch(`${web.url}/api/case-search`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await tokenOf(web, 'sabine-kraemer')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ familyName: 'Đorđević', dateOfBirth: BORN }),
  });
  return ((await response.json()) as { results: { caseId: string }[] }).results.map((r) => r.caseId);
}

/** The intake form filled in for the same person in another spelling (no diacritics, capitals). */
async function fillIntake(page: Page): Promise<void> {
  await page.getByLabel('Familienname').fill('DORDEVIC');
  await page.getByLabel('Geburtsdatum').fill(BORN);
  await page.getByLabel('Staatsangehörigkeit').selectOption('UA');
  await page.getByRole('checkbox', { name: 'Ukrainisch' }).check();
  await page.getByLabel('Kommune').selectOption({ label: 'Jülich' });
  await page.getByLabel('Aufenthaltsstatus').selectOption('temporary-protection');
  await page.getByLabel('Ankunft in Deutschland').fill('2026-09-15');
  await page.getByRole('radio', { name: /Arbeitsmarkt|Arbeit/ }).first().check();
  await page.getByRole('checkbox', { name: 'Sprache und Integrationskurs' }).check();
  await page.getByRole('checkbox', { name: /willigt ein/ }).check();
}

describe('duplicate-person warning, case search and caseload', () => {
  let first = '';

  it('warns at intake about the person’s case; cancelling creates nothing, confirming creates the second case', async () => {
    const recorded = await fetch(`${web.url}/api/intakes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenOf(web, 'lena-hoffmann')}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        familyName: 'Đorđević',
        givenNames: 'Milena',
        dateOfBirth: BORN,
        nationality: 'RS',
        languages: ['sr'],
        interpreterNeeded: false,
        municipalityId: 'juelich',
        residenceStatus: 'work-or-study',
        arrivalDate: '2026-08-01',
        requestedFocusArea: 'labour',
        needs: { categories: ['language'] },
        crisis: false,
        consentToProcessing: true,
      }),
    });
    expect(recorded.status).toBe(202);
    first = ((await recorded.json()) as { caseId: string }).caseId;

    const context = await web.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    context.setDefaultTimeout(20_000);
    const page = await signIn(web.url, context, 'lena-hoffmann');
    await page.goto(`${web.url}/`);
    await fillIntake(page);
    await page.getByRole('button', { name: 'Angaben prüfen' }).click();
    await page.getByRole('button', { name: 'Verbindlich absenden' }).click();
    const warning = page.getByRole('heading', { name: 'Es gibt bereits einen Fall für diese Person' });
    await warning.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Es gibt bereits einen Fall für diese Person');
    const text = (await page.locator('#doppelt').textContent()) ?? '';
    expect(text).toContain(`Fallnummer: ${first}`);
    expect(text).not.toMatch(/Milena|Đorđević|Jülich/);
    await checkPage(page, 'doppelt-01-warnung');

    await page.getByRole('button', { name: 'Abbrechen – keinen Fall anlegen' }).click();
    await expect.poll(() => page.locator('#seitenstatus').textContent()).toContain('Es wurde kein Fall angelegt.');
    expect(await page.getByLabel('Familienname').inputValue()).toBe('DORDEVIC');
    expect(await casesOfPerson()).toEqual([first]);

    await page.getByRole('button', { name: 'Angaben prüfen' }).click();
    await page.getByRole('button', { name: 'Verbindlich absenden' }).click();
    await page.getByRole('button', { name: 'Trotzdem einen zweiten Fall anlegen' }).click();
    const second = ((await page.locator('#fallnummer').textContent()) ?? '').trim();
    expect(second).toMatch(/^KIM-/);
    expect(second).not.toBe(first);
    expect(await casesOfPerson()).toEqual([first, second]);
    await checkPage(page, 'doppelt-02-bestaetigt');
    await context.close();
  });

  it('asks the same without JavaScript, and confirming there creates the case', async () => {
    const context = await web.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin', javaScriptEnabled: false });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await page.goto(`${web.url}/anmelden`);
    await page.getByRole('button', { name: 'Anmelden als Jonas Becker' }).click();
    await page.goto(`${web.url}/`);
    await fillIntake(page);
    await page.getByRole('button', { name: 'Verbindlich absenden' }).click();
    await page.getByRole('heading', { name: 'Es gibt bereits einen Fall für diese Person' }).waitFor();
    expect(await page.locator('#doppelt').textContent()).toContain(first);
    await checkPageWithoutScripts(web.browser, page, 'doppelt-03-ohne-javascript');
    await page.getByRole('button', { name: 'Trotzdem einen zweiten Fall anlegen' }).click();
    expect(((await page.locator('#fallnummer').textContent()) ?? '').trim()).toMatch(/^KIM-/);
    expect(await casesOfPerson()).toHaveLength(3);
    await context.close();
  });

  it('finds the person’s cases for the coordination, with the date error at its field and a plain empty result', async () => {
    const context = await web.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    context.setDefaultTimeout(20_000);
    const page = await signIn(web.url, context, 'sabine-kraemer');
    await page.getByRole('link', { name: 'Fall suchen' }).click();
    await page.getByRole('heading', { name: 'Fall suchen', level: 1 }).waitFor();
    await page.getByLabel('Familienname').fill('dordevic');
    await page.getByLabel('Geburtsdatum').fill('31.04.1987');
    await page.getByRole('button', { name: 'Suchen' }).click();
    const date = page.getByLabel('Geburtsdatum');
    await expect.poll(() => date.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await date.getAttribute('aria-describedby')) ?? '';
    const texts = await Promise.all(describedBy.split(' ').map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(texts.join(' ')).toContain('muss ein Datum wie 02.03.1988 sein');
    await checkPage(page, 'suche-01-fehler');

    await date.fill('12.04.1987');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await page.getByRole('table').waitFor();
    expect(await page.locator('caption').textContent()).toBe('3 Fälle gefunden');
    expect(await page.getByRole('link', { name: first }).getAttribute('href')).toBe(`/fall.html?id=${first}`);
    expect(await page.getByRole('cell', { name: 'Đorđević' }).count()).toBe(1);
    // The search left nothing of the person in the page's address.
    expect(page.url()).not.toMatch(/dordevic|1987/i);
    await checkPage(page, 'suche-02-treffer');

    await page.getByLabel('Familienname').fill('Niemand');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await page.getByText('Kein Fall gefunden, den Sie sehen dürfen.').first().waitFor();
    await checkPage(page, 'suche-03-kein-treffer');
    await context.close();
  });

  it('shows the coordination the caseload per case manager', async () => {
    const context = await web.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    context.setDefaultTimeout(20_000);
    const page = await signIn(web.url, context, 'sabine-kraemer');
    await page.getByRole('link', { name: 'Auslastung' }).click();
    await page.getByRole('table').waitFor();
    const caseManagers = demoData.staff.filter((s) => s.role === 'casemanager');
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await rows.count()).toBeLessThanOrEqual(caseManagers.length);
    expect(await page.getByRole('columnheader', { name: 'Vermittlung überfällig' }).count()).toBe(1);
    for (const count of await page.locator('tbody td.zahl').allTextContents()) expect(count).toMatch(/^\d+$/);
    expect(await page.getByRole('link', { name: 'Fälle auf der Warteliste anzeigen' }).getAttribute('href')).toBe('/faelle.html?stage=waiting-list');
    await checkPage(page, 'auslastung-01');
    await context.close();
  });
});
