/**
 * Consents and referrals after the assessment on the case page, in a real browser (Debian's Chromium via
 * playwright-core) against `npm start`: a case is assessed through the API with one referral held for lack of consent
 * and one declined by its service; its case manager records the missing consent (a date in the future first: the
 * German error at its field), refers the declined need to another service, and adds a need found later. axe-core's
 * WCAG 2.1 A/AA rules on each state; screenshots go to .kim/screenshots/.
 */
import { describe, expect, it } from 'vitest';
import { checkPage, signIn } from '../fixtures/browser-checks.ts';
import { eventually } from '../fixtures/eventually.ts';
import { callAs, useBrowserApp } from '../fixtures/browser-app.ts';
import { intakeFor } from '../fixtures/workflow-harness.ts';

const web = useBrowserApp('kim-additions-');
// Each action stops and starts an execution and reads the case again: on a busy machine that takes seconds.
const SLOW = { timeout: 20_000 };

const call = (personId: string, method: 'GET' | 'POST', path: string, body?: unknown) => callAs(web, personId, method, path, body);

type Detail = { case?: { stage?: string; caseManagerId?: string }; referrals?: { referralId: string; status: string }[] };

/** The case as the coordination reads it, once `ready` says it is where the test needs it. */
function detailWhen(caseId: string, ready: (detail: Detail) => boolean): Promise<Detail> {
  return eventually(async () => {
    const detail = (await call('sabine-kraemer', 'GET', `/api/cases/${caseId}`)).body as Detail;
    return ready(detail) ? detail : undefined;
  }, 30_000);
}

/** Assessed through the API: language (no consent: held) and childcare (sent, then declined by the service). */
async function caseWithHeldAndDeclined(): Promise<{ caseId: string; manager: string }> {
  const intake = await call('lena-hoffmann', 'POST', '/api/intakes', intakeFor({ familyName: 'Nasser', givenNames: 'Layla', dateOfBirth: '1992-05-17', interpreterNeeded: false }));
  expect(intake.status, JSON.stringify(intake.body)).toBe(202);
  const caseId = String(intake.body.caseId);
  const manager = (await detailWhen(caseId, (d) => d.case?.stage === 'awaiting-assessment')).case?.caseManagerId ?? '';
  const today = new Date().toISOString().slice(0, 10);
  const assessment = {
    needs: [
      { category: 'language', serviceId: 'integrationskurs' },
      { category: 'childcare-school', serviceId: 'kita-platzvergabe' },
    ],
    consents: [{ serviceId: 'kita-platzvergabe', form: 'written', givenAt: today }],
  };
  // The wait for the assessment keeps its task token just after the stage is written: repeat until it answers.
  await eventually(async () => ((await call(manager, 'POST', `/api/cases/${caseId}/assessment`, assessment)).status === 200 ? true : undefined), 30_000);
  const childcare = `${caseId}-V02`;
  await detailWhen(caseId, (d) => d.referrals?.find((r) => r.referralId === childcare)?.status === 'sent');
  await eventually(async () => ((await call(manager, 'POST', `/api/referrals/${childcare}/outcome`, { outcome: 'declined', reasonCode: 'no-capacity' })).status === 200 ? true : undefined), 30_000);
  await detailWhen(caseId, (d) => d.case?.stage === 'monitoring');
  return { caseId, manager };
}

describe('consents and referrals after the assessment on the case page', () => {
  it('records a late consent (error at the field first), re-refers a declined need and adds a need', async () => {
    const { caseId, manager } = await caseWithHeldAndDeclined();
    const context = await web.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    context.setDefaultTimeout(20_000);
    const page = await signIn(web.url, context, manager);

    await page.goto(`${web.url}/fall.html?id=${caseId}`);
    await page.getByRole('heading', { name: 'Einwilligung erfassen' }).waitFor();
    await page.getByRole('heading', { name: 'Bedarf / Vermittlung hinzufügen' }).waitFor();
    await checkPage(page, 'nachtrag-01-fall');

    // The service the held referral waits for comes first; a date in the future is refused at its field.
    const service = page.getByLabel('Stelle, an die vermittelt werden darf');
    expect(await service.locator('option').first().textContent()).toBe('Integrationskursträger (Beratung und Anmeldung) (Vermittlung zurückgehalten)');
    const date = page.getByLabel('Einwilligung erteilt am');
    await date.fill('2099-01-01');
    await page.getByRole('button', { name: 'Einwilligung speichern' }).click();
    await expect.poll(() => date.getAttribute('aria-invalid'), SLOW).toBe('true');
    const describedBy = (await date.getAttribute('aria-describedby')) ?? '';
    const texts = await Promise.all(describedBy.split(' ').map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(texts.join(' ')).toContain('darf nicht in der Zukunft liegen');
    expect(await page.getByRole('link', { name: /Einwilligung erteilt am/ }).count()).toBe(1);
    await checkPage(page, 'nachtrag-02-fehler');

    await date.fill(new Date().toISOString().slice(0, 10));
    await page.getByRole('button', { name: 'Einwilligung speichern' }).click();
    await expect.poll(() => page.locator('#meldung').textContent(), SLOW).toContain('Zurückgehalten und jetzt verschickt: Vermittlung V01.');
    await detailWhen(caseId, (d) => d.referrals?.find((r) => r.referralId === `${caseId}-V01`)?.status === 'sent');

    // The declined childcare referral goes to another service (the declining one is not offered).
    await page.reload();
    const other = page.getByLabel('Andere Stelle');
    expect(await other.locator('option').allTextContents()).not.toContain('KITA-Platzvergabe (Jugendamt)');
    await other.selectOption({ label: 'Schulamt für den Kreis Düren' });
    await page.getByRole('button', { name: 'An eine andere Stelle vermitteln (statt Vermittlung V02)' }).click();
    await expect.poll(() => page.locator('#meldung').textContent(), SLOW).toContain('Vermittlung V03 für „KITA und Schule“ an Schulamt für den Kreis Düren angelegt.');
    expect(await page.getByRole('button', { name: /An eine andere Stelle vermitteln/ }).count()).toBe(0);

    // A need found later, with a service responsible for it.
    await page.getByLabel('Bedarf der neuen Vermittlung').selectOption({ label: 'Gesundheit und medizinische Versorgung' });
    await page.getByLabel('Stelle der neuen Vermittlung').selectOption({ label: 'Gesundheitsamt Kreis Düren' });
    await page.getByRole('button', { name: 'Vermittlung anlegen' }).click();
    await expect.poll(() => page.locator('#meldung').textContent(), SLOW).toContain('Vermittlung V04 für „Gesundheit und medizinische Versorgung“ an Gesundheitsamt Kreis Düren angelegt.');
    await expect.poll(() => page.getByText('Vermittlung V04 für „Gesundheit und medizinische Versorgung“ an Gesundheitsamt Kreis Düren hinzugefügt').count(), SLOW).toBe(1);
    await checkPage(page, 'nachtrag-03-angelegt');
    await context.close();
  });
});
