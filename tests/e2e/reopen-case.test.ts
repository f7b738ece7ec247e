/**
 * Reopening a closed case on the case page, in a real browser (Debian's Chromium via playwright-core) against
 * `npm start`: the case is taken to its closure through the API; its case manager opens it, tries without a reason
 * and gets the German error at the field, gives one and sees the case in monitoring again, with the reason in the
 * history. axe-core's WCAG 2.1 A/AA rules on each state; screenshots go to .kim/screenshots/.
 */
import { describe, expect, it } from 'vitest';
import { checkPage, signIn } from '../fixtures/browser-checks.ts';
import { eventually } from '../fixtures/eventually.ts';
import { intakeFor } from '../fixtures/workflow-harness.ts';
import { callAs, useBrowserApp } from '../fixtures/browser-app.ts';

const web = useBrowserApp('kim-reopen-');

const call = (personId: string, method: 'GET' | 'POST', path: string, body?: unknown) => callAs(web, personId, method, path, body);

/** The case as the coordination reads it, once `ready` says it is where the test needs it. */
function caseWhen(caseId: string, ready: (record: { stage?: string; caseManagerId?: string }) => boolean): Promise<{ stage?: string; caseManagerId?: string }> {
  return eventually(async () => {
    const record = (await call('sabine-kraemer', 'GET', `/api/cases/${caseId}`)).body.case as { stage?: string; caseManagerId?: string } | undefined;
    return record !== undefined && ready(record) ? record : undefined;
  }, 30_000);
}

/** A case recorded, assessed (a need without a service: straight on to monitoring) and closed, through the API. */
async function closedCase(): Promise<{ caseId: string; manager: string }> {
  const intake = await call('lena-hoffmann', 'POST', '/api/intakes', intakeFor({ familyName: 'Nasser', givenNames: 'Layla', dateOfBirth: '1992-05-17', interpreterNeeded: false, needs: { categories: ['housing'] } }));
  expect(intake.status, JSON.stringify(intake.body)).toBe(202);
  const caseId = String(intake.body.caseId);
  const manager = (await caseWhen(caseId, (c) => c.stage === 'awaiting-assessment')).caseManagerId ?? '';
  // The wait for the assessment keeps its task token just after the stage is written: repeat until it answers.
  await eventually(async () => ((await call(manager, 'POST', `/api/cases/${caseId}/assessment`, { needs: [{ category: 'housing' }], consents: [] })).status === 200 ? true : undefined), 30_000);
  await caseWhen(caseId, (c) => c.stage === 'monitoring');
  const closed = await call(manager, 'POST', `/api/cases/${caseId}/close`, { closureReason: 'goals-achieved' });
  expect(closed.status, JSON.stringify(closed.body)).toBe(200);
  return { caseId, manager };
}

describe('reopening a closed case on the case page', () => {
  it('asks for a reason at its field, then reopens the case into monitoring with the reason in the history', async () => {
    const { caseId, manager } = await closedCase();
    const context = await web.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    context.setDefaultTimeout(20_000);
    const page = await signIn(web.url, context, manager);

    await page.goto(`${web.url}/fall.html?id=${caseId}`);
    await page.getByRole('heading', { name: 'Wiedereröffnen' }).waitFor();
    await expect.poll(() => page.locator('.angaben').first().textContent()).toContain('Abgeschlossen');
    await checkPage(page, 'wiedereroeffnen-01-abgeschlossen');

    // No reason: the German error beside the text area, read with it, and a summary linking there.
    await page.getByRole('button', { name: 'Fall wiedereröffnen' }).click();
    const reason = page.getByLabel('Grund der Wiedereröffnung');
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await reason.getAttribute('aria-describedby')) ?? '';
    const texts = await Promise.all(describedBy.split(' ').map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(texts.join(' ')).toContain('darf nicht leer sein');
    expect(await page.getByRole('link', { name: /Grund der Wiedereröffnung/ }).count()).toBe(1);
    await checkPage(page, 'wiedereroeffnen-02-fehler');

    await reason.fill('Die Person hat sich wieder gemeldet: Fragen zur Wohnungssuche.');
    await page.getByRole('button', { name: 'Fall wiedereröffnen' }).click();
    await expect.poll(() => page.locator('#meldung').textContent()).toContain('Fall wiedereröffnet.');
    await expect.poll(() => page.locator('.angaben').first().textContent()).toContain('In Begleitung');
    expect(await page.getByRole('heading', { name: 'Wiedereröffnen' }).count()).toBe(0);
    expect(await page.getByText('Fall wiedereröffnet: „Die Person hat sich wieder gemeldet: Fragen zur Wohnungssuche.“').count()).toBe(1);
    // The workflow waits for the closure again: the case manager can close it once more.
    await page.getByRole('button', { name: 'Fall abschließen' }).waitFor();
    await checkPage(page, 'wiedereroeffnen-03-wiedereroeffnet');
    await context.close();
  });
});
