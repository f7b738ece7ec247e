/**
 * The right of access on its printable page, in a real browser against `npm start`: a case with two referrals sent
 * and a read by the coordination; its case manager follows "Auskunft (Art. 15 DSGVO)" from the case page and finds
 * every recipient with the data it received, and the read by name and role. The page has print rules (navigation
 * and buttons hidden, sections not split) and prints to a PDF; the JSON is an attachment named after the case.
 * axe-core's WCAG 2.1 A/AA rules; screenshots go to .kim/screenshots/.
 */
import { describe, expect, it } from 'vitest';
import { callAs, caseManagerWhenAssigned, tokenOf, useBrowserApp } from '../fixtures/browser-app.ts';
import { checkPage, signIn } from '../fixtures/browser-checks.ts';
import { eventually } from '../fixtures/eventually.ts';
import { intakeFor } from '../fixtures/workflow-harness.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';

const web = useBrowserApp('kim-auskunft-');
const SERVICES = ['integrationskurs', 'kita-platzvergabe'];

/** A case whose two referrals went out on written consents, through the API. */
async function caseWithTwoReferrals(): Promise<{ caseId: string; manager: string }> {
  const intake = await callAs(web, 'lena-hoffmann', 'POST', '/api/intakes', intakeFor({ familyName: 'Auskunftsfeld', givenNames: 'Mira', needs: { categories: ['language', 'childcare-school'] } }));
  expect(intake.status, JSON.stringify(intake.body)).toBe(202);
  const caseId = String(intake.body.caseId);
  const manager = await caseManagerWhenAssigned(web, caseId);
  const assessment = {
    needs: [
      { category: 'language', serviceId: 'integrationskurs' },
      { category: 'childcare-school', serviceId: 'kita-platzvergabe' },
    ],
    consents: SERVICES.map((serviceId) => ({ serviceId, form: 'written', givenAt: new Date().toISOString().slice(0, 10) })),
  };
  // The wait for the assessment keeps its task token just after the stage is written: repeat until it answers.
  await eventually(async () => ((await callAs(web, manager, 'POST', `/api/cases/${caseId}/assessment`, assessment)).status === 200 ? true : undefined), 30_000);
  await eventually(async () => {
    const referrals = (await callAs(web, 'sabine-kraemer', 'GET', `/api/cases/${caseId}`)).body.referrals as { status: string }[];
    return referrals.length === 2 && referrals.every((r) => r.status === 'sent') ? true : undefined;
  }, 30_000);
  return { caseId, manager };
}

describe('the access export as a printable page', () => {
  it('lists every recipient with its data and the reads, prints, and downloads as JSON', async () => {
    const { caseId, manager } = await caseWithTwoReferrals();
    const context = await web.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    context.setDefaultTimeout(20_000);
    const page = await signIn(web.url, context, manager);

    await page.goto(`${web.url}/fall.html?id=${caseId}`);
    await page.getByRole('link', { name: 'Auskunft (Art. 15 DSGVO)' }).click();
    await page.getByRole('heading', { name: 'Empfänger Ihrer Daten' }).waitFor();

    const recipients = page.getByRole('table', { name: 'Übermittlungen' });
    const profile = bundledProfile();
    for (const serviceId of SERVICES) {
      const service = profile.services.find((s) => s.id === serviceId);
      const row = recipients.getByRole('row').filter({ hasText: service?.name ?? serviceId });
      expect(await row.count()).toBe(1);
      expect(await row.textContent()).toContain(service?.contact.email);
      expect(await row.textContent()).toContain('Name');
    }
    const reads = page.getByRole('table', { name: 'Lesezugriffe' });
    expect(await reads.getByRole('row').filter({ hasText: 'Sabine Krämer' }).filter({ hasText: 'Koordination' }).count()).toBeGreaterThan(0);
    expect(await reads.getByRole('row').filter({ hasText: 'Auskunft (Art. 15 DSGVO) erstellt' }).count()).toBe(1);
    expect(await page.getByText('Mira Auskunftsfeld').count()).toBe(1);
    await checkPage(page, 'auskunft-01-dokument');

    // Print rules: the header and the buttons disappear, rows and headed sections stay together.
    const printRules = await page.evaluate(() =>
      [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules].filter((rule): rule is CSSMediaRule => rule instanceof CSSMediaRule && rule.media.mediaText === 'print').map((rule) => rule.cssText)).join('\n'),
    );
    expect(printRules).toContain('header.kopf');
    expect(printRules).toContain('.steuerung');
    expect(printRules).toMatch(/break-inside: avoid/);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.kopf').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Drucken oder als PDF speichern' }).isVisible()).toBe(false);
    expect(await recipients.isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });

    // The JSON: a link the session cookie signs in, answered as an attachment named after the case.
    const link = page.getByRole('link', { name: 'Als JSON herunterladen' });
    expect(await link.getAttribute('href')).toBe(`/api/cases/${caseId}/export?format=json`);
    const file = await fetch(`${web.url}/api/cases/${caseId}/export?format=json`, { headers: { authorization: `Bearer ${await tokenOf(web, manager)}` } });
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="auskunft-${caseId}.json"`);
    const json = (await file.json()) as { disclosures: { recipient: { serviceId: string } }[] };
    expect(json.disclosures.map((d) => d.recipient.serviceId).sort()).toEqual(SERVICES);
    await context.close();
  });
});
