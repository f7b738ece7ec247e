/**
 * The web pages in a real browser (Debian's Chromium via playwright-core) against `npm start`: the way intake
 * staff, a case manager and a coordinator use them, the intake form without JavaScript, and axe-core's
 * WCAG 2.1 A/AA rules on every page, in the error state too. Screenshots of each page go to .kim/screenshots/.
 */
import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../core/calendar/working-days.ts';
import { DAY_MS } from '../../core/clock.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { checkPage, checkPageWithoutScripts, signIn, staffName } from '../fixtures/browser-checks.ts';
import { eventually } from '../fixtures/eventually.ts';
import { tokenOf, useBrowserApp } from '../fixtures/browser-app.ts';

const web = useBrowserApp('kim-web-');

/** A coordinator's token, for looking up what the workflow did (which case manager it assigned). */
function coordinatorToken(): Promise<string> {
  return tokenOf(web, 'sabine-kraemer');
}

async function assignedCaseManager(caseId: string): Promise<string> {
  const token = await coordinatorToken();
  return eventually(async () => {
    const response = await fetch(`${web.url}/api/cases/${caseId}`, { headers: { authorization: `Bearer ${token}` } });
    const detail = (await response.json()) as { case?: { caseManagerId?: string; stage?: string } };
    return detail.case?.stage === 'awaiting-assessment' ? detail.case.caseManagerId : undefined;
  }, 30_000);
}

describe('the web pages in a real browser', () => {
  it('intake staff record a person, the case manager assesses, the coordinator sees the referral and the next Jour fixe', async () => {
    const context = await web.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    // A step that waits longer is broken; failing it early names the step instead of the whole test's timeout.
    context.setDefaultTimeout(20_000);

    // Sign-in page
    const signInPage = await context.newPage();
    await signInPage.goto(`${web.url}/anmelden`);
    await checkPage(signInPage, '01-anmelden');
    await signInPage.close();

    // Intake staff: a mistake first, the German error next to the field, nothing lost, then the case number.
    const intake = await signIn(web.url, context, 'lena-hoffmann');
    await checkPage(intake, '02-erstaufnahme');
    await intake.getByLabel('Familienname').fill('Haddad');
    await intake.getByLabel('Vornamen (optional)').fill('Amal');
    await intake.getByLabel('Geburtsdatum').fill('2091-03-04'); // the mistake: in the future
    await intake.getByLabel('Staatsangehörigkeit').selectOption('SY');
    await intake.getByRole('checkbox', { name: 'Arabisch' }).check();
    await intake.getByLabel('Kommune').selectOption({ label: 'Kreuzau' });
    await intake.getByLabel('Aufenthaltsstatus').selectOption('protection');
    await intake.getByLabel('Ankunft in Deutschland').fill('2026-10-01');
    await intake.getByRole('radio', { name: /Willkommensberatung/ }).check();
    await intake.getByRole('checkbox', { name: 'Wohnen' }).check();
    await intake.getByRole('checkbox', { name: 'Sprache und Integrationskurs' }).check();
    await intake.getByRole('checkbox', { name: /willigt ein/ }).check();
    await intake.getByRole('button', { name: 'Angaben prüfen' }).click();

    const birthDate = intake.getByLabel('Geburtsdatum');
    await expect.poll(() => birthDate.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await birthDate.getAttribute('aria-describedby')) ?? '';
    const fieldTexts = await Promise.all(describedBy.split(' ').map((id) => intake.locator(`[id="${id}"]`).textContent()));
    expect(fieldTexts.join(' ')).toContain('darf nicht in der Zukunft liegen');
    expect(await intake.getByRole('link', { name: /Geburtsdatum/ }).count()).toBeGreaterThan(0);
    expect(await intake.getByLabel('Familienname').inputValue()).toBe('Haddad');
    await checkPage(intake, '03-erstaufnahme-fehler');

    await birthDate.fill('1990-03-04');
    await intake.getByRole('button', { name: 'Angaben prüfen' }).click();
    await checkPage(intake, '04-erstaufnahme-pruefen');
    await intake.getByRole('button', { name: 'Verbindlich absenden' }).click();
    const caseId = (await intake.locator('#fallnummer').textContent({ timeout: 15_000 }))?.trim() ?? '';
    expect(caseId).not.toBe('');
    await checkPage(intake, '05-erstaufnahme-erfolg');

    // The assigned case manager finds the case and records an assessment with consent.
    const caseManagerId = await assignedCaseManager(caseId);
    const caseManager = await signIn(web.url, context, caseManagerId);
    await caseManager.goto(`${web.url}/faelle.html`);
    await caseManager.getByRole('link', { name: caseId }).waitFor();
    await checkPage(caseManager, '06-meine-faelle');
    await caseManager.getByRole('link', { name: caseId }).click();
    await caseManager.getByRole('button', { name: 'Einschätzung speichern' }).waitFor();
    await checkPage(caseManager, '07-fall-einschaetzung');
    // Housing has no service in the Düren profile (it becomes a gap report); the language course has one.
    await caseManager.getByRole('checkbox', { name: 'Wohnen' }).first().check();
    await caseManager.getByRole('checkbox', { name: 'Sprache und Integrationskurs' }).check();
    await caseManager.getByRole('radio', { name: 'Integrationskursträger (Beratung und Anmeldung)' }).check();
    await caseManager.getByRole('checkbox', { name: /Einwilligung.*Integrationskursträger/ }).check();
    await caseManager.getByRole('button', { name: 'Einschätzung speichern' }).click();
    await caseManager.getByText(/Einschätzung gespeichert/).waitFor({ timeout: 15_000 });
    await checkPage(caseManager, '08-fall-nach-einschaetzung');

    // The coordinator sees the referral and the next Jour fixe.
    const coordinator = await signIn(web.url, context, 'sabine-kraemer');
    await coordinator.goto(`${web.url}/faelle.html`);
    await coordinator.getByRole('link', { name: caseId }).waitFor();
    await checkPage(coordinator, '09-alle-faelle');
    await coordinator.getByRole('link', { name: caseId }).click();
    await coordinator.getByRole('heading', { name: /Vermittlungen/ }).waitFor();
    await checkPage(coordinator, '10-fall-koordination');

    await coordinator.goto(`${web.url}/termine.html`);
    const jourFixe = coordinator.getByRole('main').getByRole('link', { name: /Jour fixe/ }).first();
    await jourFixe.waitFor({ timeout: 15_000 });
    await checkPage(coordinator, '11-termine');
    await jourFixe.click();
    await coordinator.getByRole('heading', { name: 'Tagesordnung' }).waitFor();
    // The answers counted by kind, "unter Vorbehalt" (TENTATIVE) among them.
    await coordinator.getByText(/^Zugesagt: \d+ · Unter Vorbehalt: \d+ · Abgesagt: \d+ · Keine Antwort: \d+$/).waitFor();
    await checkPage(coordinator, '12-termin');

    await coordinator.goto(`${web.url}/meldungen.html`);
    await coordinator.getByRole('heading', { level: 1 }).waitFor();
    await checkPage(coordinator, '13-meldungen');
    await coordinator.goto(`${web.url}/kennzahlen.html`);
    await coordinator.getByRole('button', { name: 'Kennzahlen anzeigen' }).click();
    await coordinator.locator('#bericht table').first().waitFor();
    await checkPage(coordinator, '14-kennzahlen');
    await coordinator.goto(`${web.url}/outbox`);
    await checkPage(coordinator, '15-postausgang');
    await context.close();
  });

  it('the coordination creates a one-off meeting on the Termine page (a German error next to the date, then the meeting\'s page) and invites and uninvites a guest', async () => {
    const context = await web.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    context.setDefaultTimeout(20_000);
    // A Saturday, and a working Thursday at least three weeks ahead by the district's own calendar (the Lenkungsgruppe's
    // series meets on Wednesdays, so no date of its own is in the way).
    const calendar = createWorkingCalendar(bundledProfile());
    const ahead = (days: number): string => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
    const weekday = (date: string): number => new Date(`${date}T12:00:00Z`).getUTCDay();
    const days = Array.from({ length: 60 }, (_, i) => ahead(21 + i));
    const saturday = days.find((d) => weekday(d) === 6) ?? '';
    const thursday = days.find((d) => weekday(d) === 4 && calendar.isWorkingDay(d)) ?? '';

    const coordinator = await signIn(web.url, context, 'sabine-kraemer');
    await coordinator.goto(`${web.url}/termine.html`);
    const form = coordinator.getByRole('region', { name: 'Einzelsitzung anlegen' });
    await form.getByLabel('Gremium').selectOption('steering-group');
    await form.getByLabel('Anlass (erster Punkt der Tagesordnung)').fill('Vorstellung des Case-Managements für die Kommunen');
    await form.getByLabel('Datum').fill(saturday);
    await form.getByLabel('Beginn').fill('10:00');
    await form.getByRole('button', { name: 'Einzelsitzung anlegen' }).click();
    const date = form.getByLabel('Datum');
    await expect.poll(() => date.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => form.textContent()).toContain('ist kein Arbeitstag');
    expect(await form.getByLabel('Anlass (erster Punkt der Tagesordnung)').inputValue()).toBe('Vorstellung des Case-Managements für die Kommunen');
    await checkPage(coordinator, '11b-einzelsitzung-fehler');

    await date.fill(thursday);
    await form.getByRole('button', { name: 'Einzelsitzung anlegen' }).click();
    await coordinator.waitForURL(new RegExp(`termin\\.html\\?id=steering-group-${thursday}$`));
    await coordinator.getByRole('heading', { name: 'Tagesordnung' }).waitFor();
    await coordinator.getByText('Vorstellung des Case-Managements für die Kommunen').first().waitFor();
    await checkPage(coordinator, '11c-einzelsitzung');

    // A guest invited and uninvited again on the meeting's page.
    const guests = coordinator.getByRole('region', { name: 'Gäste' });
    await guests.getByLabel('Name').fill('Dr. Ada Gast');
    await guests.getByLabel('E-Mail-Adresse').fill('ada.gast@example.org');
    await guests.getByRole('button', { name: 'Gast einladen' }).click();
    await coordinator.getByText('Der Gast wurde eingeladen').waitFor();
    await guests.getByRole('button', { name: /^Ausladen\s*: Dr\. Ada Gast$/ }).click();
    await coordinator.getByText('Dr. Ada Gast wurde ausgeladen').waitFor();
    await guests.getByText('Keine Gäste eingeladen.').waitFor();
    await checkPage(coordinator, '11d-gast-ausgeladen');
    await context.close();
  });

  it('takes an intake without JavaScript: the server shows its German errors with the values kept, then the case number', async () => {
    const context = await web.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin', javaScriptEnabled: false });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await page.goto(`${web.url}/anmelden`);
    // Without JavaScript the sign-in page sets the API cookie itself.
    await page.getByRole('button', { name: `Anmelden als ${staffName('jonas-becker')}` }).click();
    await page.goto(`${web.url}/`);
    await page.getByLabel('Familienname').fill('Kowalczyk');
    await page.getByLabel('Geburtsdatum').fill('1985-07-12');
    await page.getByLabel('Staatsangehörigkeit').selectOption('UA');
    await page.getByRole('checkbox', { name: 'Ukrainisch' }).check();
    await page.getByLabel('Kommune').selectOption({ label: 'Jülich' });
    await page.getByLabel('Aufenthaltsstatus').selectOption('temporary-protection');
    await page.getByLabel('Ankunft in Deutschland').fill('2026-09-15');
    await page.getByRole('radio', { name: /Arbeitsmarkt|Arbeit/ }).first().check();
    await page.getByRole('checkbox', { name: 'Sprache und Integrationskurs' }).check();
    // The mistake: no consent to the processing. Without JavaScript there is no review step: the button sends.
    await page.getByRole('button', { name: 'Verbindlich absenden' }).click();
    await page.getByText(/ohne Einwilligung/).first().waitFor();
    expect(await page.getByLabel('Familienname').inputValue()).toBe('Kowalczyk');
    await checkPageWithoutScripts(web.browser, page, '20-ohne-javascript-fehler');

    await page.getByRole('checkbox', { name: /willigt ein/ }).check();
    await page.getByRole('button', { name: 'Verbindlich absenden' }).click();
    const caseId = (await page.locator('#fallnummer').textContent())?.trim() ?? '';
    expect(caseId).not.toBe('');
    await checkPageWithoutScripts(web.browser, page, '21-ohne-javascript-erfolg');
    await context.close();
  });
});
