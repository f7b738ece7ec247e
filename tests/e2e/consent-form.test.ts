/**
 * The consent form in a real browser (Debian's Chromium via playwright-core) against `npm start`: a case whose
 * person speaks Arabic is assessed with a consent through the API; its case manager follows the consent's link on
 * the case page and gets the form German | Arabic, the Arabic column laid out right-to-left beside the German one,
 * with the review mark on screen and on paper; axe-core's WCAG 2.1 A/AA rules (language of every block included).
 */
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { callAs, caseManagerWhenAssigned, useBrowserApp } from '../fixtures/browser-app.ts';
import { checkPage, signIn } from '../fixtures/browser-checks.ts';
import { eventually } from '../fixtures/eventually.ts';
import { intakeFor } from '../fixtures/workflow-harness.ts';

const web = useBrowserApp('kim-consent-form-');
const SERVICE = 'Ausländerbehörde Kreis Düren';

/** A case with a consent for the Ausländerbehörde, recorded with the assessment, through the API. */
async function caseWithConsent(): Promise<{ caseId: string; manager: string }> {
  const intake = await callAs(web, 'lena-hoffmann', 'POST', '/api/intakes', intakeFor({ familyName: 'Khalil', givenNames: 'Samira', dateOfBirth: '1990-07-21', languages: ['ar'], needs: { categories: ['residence'] } }));
  expect(intake.status, JSON.stringify(intake.body)).toBe(202);
  const caseId = String(intake.body.caseId);
  const manager = await caseManagerWhenAssigned(web, caseId);
  const givenAt = new Date().toISOString().slice(0, 10);
  const assessment = { needs: [{ category: 'residence', serviceId: 'auslaenderbehoerde' }], consents: [{ serviceId: 'auslaenderbehoerde', form: 'written', givenAt }] };
  // The wait for the assessment keeps its task token just after the stage is written: repeat until it answers.
  await eventually(async () => ((await callAs(web, manager, 'POST', `/api/cases/${caseId}/assessment`, assessment)).status === 200 ? true : undefined), 30_000);
  return { caseId, manager };
}

/** Where a paragraph's text sits: the box of its text (a Range over it) against the paragraph's content box. */
function textPlacement(paragraph: Locator): Promise<{ direction: string; lang: string; textLeft: number; textRight: number; boxLeft: number; boxRight: number }> {
  return paragraph.evaluate((element) => {
    const style = getComputedStyle(element);
    const range = document.createRange();
    range.selectNodeContents(element);
    const text = range.getBoundingClientRect();
    const box = element.getBoundingClientRect();
    return {
      direction: style.direction,
      lang: element.closest('[lang]')?.getAttribute('lang') ?? '',
      textLeft: text.left,
      textRight: text.right,
      boxLeft: box.left + parseFloat(style.paddingLeft),
      boxRight: box.right - parseFloat(style.paddingRight),
    };
  });
}

describe('the consent form in the person’s language', () => {
  it('shows German beside Arabic laid out right to left, marked as not yet reviewed, on screen and on paper', async () => {
    const { caseId, manager } = await caseWithConsent();
    const context = await web.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    context.setDefaultTimeout(20_000);
    const page = await signIn(web.url, context, manager);

    await page.goto(`${web.url}/fall.html?id=${caseId}`);
    await page.getByRole('link', { name: `Einwilligungsformular drucken (${SERVICE})` }).click();
    await page.waitForURL((address) => address.pathname === '/einwilligung.html');
    await page.getByRole('heading', { name: 'Einwilligung in die Weitergabe Ihrer Daten' }).waitFor();
    // The person speaks Arabic: the form chose it, and the page's address says so.
    expect(new URL(page.url()).searchParams.get('sprache')).toBe('ar');
    expect(await page.getByLabel('Sprache des Formulars').inputValue()).toBe('ar');

    // Each row: German on the left, left to right; Arabic beside it on the right, right to left.
    const germanParagraph = page.locator('.spalte.deutsch p', { hasText: 'Ihre Einwilligung ist freiwillig.' });
    const arabicParagraph = page.locator('.spalte.uebersetzung p', { hasText: 'موافقتك طوعية.' });
    const german = await textPlacement(germanParagraph);
    const arabic = await textPlacement(arabicParagraph);
    // Side by side in one row.
    expect(await arabicParagraph.evaluate((element) => element.closest('.zeile')?.textContent)).toContain('Ihre Einwilligung ist freiwillig.');
    expect(german).toMatchObject({ direction: 'ltr', lang: 'de' });
    expect(arabic).toMatchObject({ direction: 'rtl', lang: 'ar' });
    expect(arabic.boxLeft).toBeGreaterThan(german.boxRight);
    // The short Arabic sentence hugs the right edge of its column, the German one the left edge of its own.
    expect(Math.abs(arabic.textRight - arabic.boxRight)).toBeLessThan(2);
    expect(arabic.textLeft - arabic.boxLeft).toBeGreaterThan(50);
    expect(Math.abs(german.textLeft - german.boxLeft)).toBeLessThan(2);

    // Recipient, the data it gets in both languages, the person's name to sign under; the case number isolated.
    // The recipient in the introduction and under its heading, in both columns, each isolated from the Arabic around it.
    expect(await page.locator('bdi').getByText(SERVICE, { exact: true }).count()).toBe(4);
    expect(await page.locator('.uebersetzung li').allTextContents()).toEqual(['الاسم', 'تاريخ الميلاد', 'الجنسية', 'وضع الإقامة']);
    expect(await page.locator('.uebersetzung dd bdi').allTextContents()).toEqual(['Samira Khalil', '21.07.1990', caseId]);

    const mark = page.locator('.pruefvermerk');
    expect(await mark.isVisible()).toBe(true);
    expect(await mark.textContent()).toContain('Übersetzung noch nicht vom Kreis geprüft');
    await checkPage(page, 'einwilligung-01-arabisch');

    // On paper: no navigation or controls, the review mark stays.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.kopf').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Drucken' }).isVisible()).toBe(false);
    expect(await mark.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    // Another language from the choice; one without a form gives German only, with a note.
    await page.getByLabel('Sprache des Formulars').selectOption('uk');
    await page.getByRole('button', { name: 'Sprache wechseln' }).click();
    await page.getByRole('heading', { name: 'Згода на передачу ваших даних' }).waitFor();
    await checkPage(page, 'einwilligung-02-ukrainisch');
    await page.goto(`${web.url}/einwilligung.html?fall=${caseId}&stelle=auslaenderbehoerde&sprache=ti`);
    await expect.poll(() => page.locator('.einwilligung').textContent()).toContain('Für die Sprache „Tigrinya“ gibt es noch kein übersetztes Formular.');
    expect(await page.locator('.spalte.uebersetzung').count()).toBe(0);
    await checkPage(page, 'einwilligung-03-nur-deutsch');
    await context.close();
  });
});
