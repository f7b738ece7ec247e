/**
 * The service's answer to a referral, in a real browser (Debian's Chromium via playwright-core) against `npm start`:
 * the service follows the link of its referral mail (from the outbox), declines first without a reason (the German
 * error at the select) and then with one; the case manager records the other referral's decline by hand with the
 * reason select ("sonstiges" needs a text), and reads both in the case. axe-core's WCAG 2.1 A/AA rules on each state;
 * screenshots go to .kim/screenshots/.
 */
import { simpleParser } from 'mailparser';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import demoData from '../../local/demo/demo-data.json' with { type: 'json' };
import { axeViolations, describeViolations, screenshot } from '../fixtures/browser.ts';
import { eventually } from '../fixtures/eventually.ts';
import { callAs, signedInPage, useBrowserApp } from '../fixtures/browser-app.ts';
import { intakeFor } from '../fixtures/workflow-harness.ts';

const web = useBrowserApp('kim-referral-answer-');

type Detail = { case?: { stage?: string; caseManagerId?: string }; referrals?: { referralId: string; serviceId?: string; status: string }[] };

const detail = async (caseId: string): Promise<Detail> => (await callAs(web, 'sabine-kraemer', 'GET', `/api/cases/${caseId}`)).body;

/** A case whose two referrals (language course, family education) went out with consent. */
async function caseWithTwoSentReferrals(): Promise<{ caseId: string; manager: string }> {
  const intake = await callAs(web, 'lena-hoffmann', 'POST', '/api/intakes', intakeFor({ needs: { categories: ['language', 'family'] } }));
  expect(intake.status, JSON.stringify(intake.body)).toBe(202);
  const caseId = String(intake.body.caseId);
  const manager = await eventually(async () => {
    const found = await detail(caseId);
    return found.case?.stage === 'awaiting-assessment' ? found.case.caseManagerId : undefined;
  }, 30_000);
  const assessment = {
    needs: [
      { category: 'language', serviceId: 'integrationskurs' },
      { category: 'family', serviceId: 'familienbildung' },
    ],
    consents: [
      { serviceId: 'integrationskurs', form: 'written', givenAt: '2026-11-24' },
      { serviceId: 'familienbildung', form: 'written', givenAt: '2026-11-24' },
    ],
  };
  // The wait for the assessment keeps its task token just after the stage is written: repeat until it answers.
  await eventually(async () => ((await callAs(web, manager, 'POST', `/api/cases/${caseId}/assessment`, assessment)).status === 200 ? true : undefined), 30_000);
  await eventually(async () => ((await detail(caseId)).referrals?.every((r) => r.status === 'sent') === true ? true : undefined), 30_000);
  return { caseId, manager };
}

/** The answer link of the referral mail to the language course, read from the local outbox. */
async function answerLinkOf(caseId: string): Promise<string> {
  const outbox = await (await fetch(`${web.url}/outbox`)).text();
  for (const [, id] of outbox.matchAll(/href="\/outbox\/([^"]+)\.eml"/g)) {
    const mail = await simpleParser(Buffer.from(await (await fetch(`${web.url}/outbox/${id ?? ''}.eml`)).arrayBuffer()));
    if (mail.subject !== `Vermittlung aus dem Kommunalen Integrationsmanagement – Vorgang ${caseId}` || !(mail.text ?? '').includes('Integrationskurs')) continue;
    const link = /https?:\/\/\S+\/api\/referral-answer\?token=[A-Za-z0-9._%-]+/.exec(mail.text ?? '')?.[0];
    if (link !== undefined) return `${web.url}${new URL(link).pathname}${new URL(link).search}`;
  }
  throw new Error(`no answer link for ${caseId}`);
}

async function checkPage(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(describeViolations(await axeViolations(page)), `axe on ${name}`).toEqual([]);
}

describe('the service answers its referral', () => {
  it('declines through the link in its mail with a coded reason; the case manager records the other decline by hand', async () => {
    const { caseId, manager } = await caseWithTwoSentReferrals();
    const link = await answerLinkOf(caseId);

    // The service: no account, only the link. The page asks first and names nothing of the person.
    const context = await web.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    context.setDefaultTimeout(20_000);
    const service = await context.newPage();
    await service.goto(link);
    await service.getByRole('heading', { name: 'Rückmeldung zur Vermittlung' }).waitFor();
    expect(await service.content()).not.toMatch(/Haddad|Rana|1988/);
    await checkPage(service, 'rueckmeldung-01-frage');

    await service.getByLabel('Abgelehnt (mit Grund)').check();
    await service.getByRole('button', { name: 'Rückmeldung senden' }).click();
    const select = service.getByLabel('Ablehnungsgrund (nur bei „Abgelehnt“)');
    await expect.poll(() => select.getAttribute('aria-invalid')).toBe('true');
    expect(await service.locator(`[id="${(await select.getAttribute('aria-describedby')) ?? ''}"]`).textContent()).toContain('bei einer Ablehnung bitte den Grund wählen');
    await checkPage(service, 'rueckmeldung-02-fehler');

    await service.getByLabel('Abgelehnt (mit Grund)').check();
    await select.selectOption({ label: 'keine Kapazität' });
    await service.getByRole('button', { name: 'Rückmeldung senden' }).click();
    await service.getByRole('heading', { name: 'Danke für Ihre Rückmeldung' }).waitFor();
    await checkPage(service, 'rueckmeldung-03-gespeichert');
    await context.close();

    // The case manager: the other referral declined by hand; "sonstiges" needs its text.
    const person = demoData.staff.find((s) => s.id === manager);
    if (person === undefined) throw new Error(`no demo person ${manager}`);
    const page = await signedInPage(web, person.name);
    await page.goto(`${web.url}/fall.html?id=${caseId}`);
    const second = page.locator('section.vermittlung', { has: page.getByRole('heading', { name: /Vermittlung V02/ }) });
    await second.getByRole('group', { name: 'Ergebnis der Vermittlung V02' }).waitFor();
    await expect.poll(() => page.locator('section.vermittlung', { has: page.getByRole('heading', { name: /Vermittlung V01/ }) }).textContent()).toContain('keine Kapazität');
    expect(await page.getByText(/Ergebnis „Abgelehnt“ \(Grund: keine Kapazität\) von .* über den Rückmelde-Link gemeldet/).count()).toBe(1);
    await checkPage(page, 'rueckmeldung-04-fall');

    await second.getByLabel('Abgelehnt (mit Grund)').check();
    await second.getByLabel('Ablehnungsgrund').selectOption({ label: 'sonstiges' });
    await second.getByRole('button', { name: /Ergebnis speichern/ }).click();
    const text = second.getByLabel('Erläuterung zum Grund');
    await expect.poll(() => text.getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'rueckmeldung-05-fall-fehler');

    await text.fill('Kurs findet erst im Sommer statt');
    await second.getByRole('button', { name: /Ergebnis speichern/ }).click();
    await expect.poll(() => page.locator('#meldung').textContent()).toContain('für Vermittlung V02 gespeichert');
    await expect.poll(async () => (await detail(caseId)).referrals?.map((r) => r.status)).toEqual(['declined', 'declined']);
    await expect.poll(() => page.locator('section.vermittlung', { has: page.getByRole('heading', { name: /Vermittlung V02/ }) }).textContent()).toContain('sonstiges');
    await checkPage(page, 'rueckmeldung-06-fall-gespeichert');
    await page.context().close();
  });
});
