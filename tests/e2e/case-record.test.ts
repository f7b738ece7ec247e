/**
 * The case record on the case page, in a real browser against `npm start`: the case manager logs three contacts
 * (one with an interpreter; a bad duration is refused at its field first), writes a note and a psychosocial note,
 * agrees two goals and reviews one; the coordination then sees contacts, the ordinary note and the goals — and not
 * the psychosocial note. A case in monitoring with an overdue goal (marked) is closed with its evaluation, and the
 * coordination's KPI report counts reason and goals. axe-core's WCAG 2.1 A/AA rules on each state; screenshots go to .kim/screenshots/.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from 'playwright-core';
import { createDocumentClient, createDynamoDbClient } from '../../core/adapters/dynamodb-client.ts';
import { tableKeys } from '../../core/adapters/table-keys.ts';
import { describe, expect, it } from 'vitest';
import { checkPage, signIn } from '../fixtures/browser-checks.ts';
import { eventually } from '../fixtures/eventually.ts';
import { callAs, useBrowserApp } from '../fixtures/browser-app.ts';
import { intakeFor } from '../fixtures/workflow-harness.ts';

const web = useBrowserApp('kim-record-');

async function signedIn(personId: string): Promise<Page> {
  const context = await web.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  context.setDefaultTimeout(20_000);
  return signIn(web.url, context, personId);
}

/** A case waiting for its assessment, through the API: it has a case manager, who documents from the first talk. */
async function assignedCase(needs: readonly string[] = ['language', 'housing']): Promise<{ caseId: string; manager: string }> {
  const intake = await callAs(
    web,
    'lena-hoffmann',
    'POST',
    '/api/intakes',
    intakeFor({ familyName: 'Karimi', givenNames: 'Dariush', dateOfBirth: '1985-01-09', nationality: 'AF', languages: ['fa'], municipalityId: 'dueren', needs: { categories: needs } }),
  );
  expect(intake.status, JSON.stringify(intake.body)).toBe(202);
  const caseId = String(intake.body.caseId);
  const manager = await eventually(async () => {
    const record = (await callAs(web, 'sabine-kraemer', 'GET', `/api/cases/${caseId}`)).body.case as { stage?: string; caseManagerId?: string } | undefined;
    return record?.stage === 'awaiting-assessment' ? record.caseManagerId : undefined;
  }, 30_000);
  return { caseId, manager };
}

async function logContact(page: Page, options: { minutes: string; form: string; interpreter?: string; topic?: string }): Promise<void> {
  const details = page.locator('details.erfassen').filter({ hasText: 'Neuen Kontakt erfassen' });
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  await page.getByLabel('Dauer in Minuten').fill(options.minutes);
  await page.getByLabel('Form', { exact: true }).selectOption({ label: options.form });
  if (options.interpreter !== undefined) await page.getByLabel('Dolmetschung', { exact: true }).selectOption({ label: options.interpreter });
  if (options.topic !== undefined) await page.getByRole('group', { name: 'Besprochene Bedarfe' }).getByLabel(options.topic).check();
  await page.getByRole('button', { name: 'Kontakt erfassen' }).click();
}

describe('the case record on the case page', () => {
  it('lets the case manager document contacts, notes and goals; the coordination reads all but the psychosocial note', async () => {
    const { caseId, manager } = await assignedCase();
    const page = await signedIn(manager);
    await page.goto(`${web.url}/fall.html?id=${caseId}`);
    await page.getByRole('heading', { name: 'Beratungskontakte' }).waitFor();
    await page.locator('details.erfassen').filter({ hasText: 'Neuen Kontakt erfassen' }).locator('summary').click();
    // Today is preset, so a contact takes a few seconds.
    expect(await page.getByLabel('Datum', { exact: true }).inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await checkPage(page, 'dokumentation-01-leer');

    // A duration of nothing: refused at its field, in German, and nothing is stored.
    await logContact(page, { minutes: '', form: 'persönlich' });
    const minutes = page.getByLabel('Dauer in Minuten');
    await expect.poll(() => minutes.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('link', { name: /Dauer in Minuten/ }).count()).toBe(1);
    await checkPage(page, 'dokumentation-02-fehler');

    await logContact(page, { minutes: '60', form: 'persönlich', interpreter: 'Ja – Persisch', topic: 'Sprache und Integrationskurs' });
    await expect.poll(() => page.locator('#meldung').textContent()).toContain('erfasst');
    await logContact(page, { minutes: '15', form: 'telefonisch' });
    await expect.poll(() => page.locator('table').filter({ hasText: 'Erfasste Kontakte' }).locator('tbody tr').count()).toBe(2);
    await logContact(page, { minutes: '90', form: 'Begleitung zu einem Termin', topic: 'Wohnen' });
    const contacts = page.locator('table').filter({ hasText: 'Erfasste Kontakte' });
    await expect.poll(() => contacts.locator('tbody tr').count()).toBe(3);
    expect(await contacts.textContent()).toContain('Persisch');

    await page.locator('details.erfassen').filter({ hasText: 'Neue Notiz schreiben' }).locator('summary').click();
    await page.getByLabel('Text der Notiz').fill('Wohnungsbesichtigung am Montag vereinbart.');
    await page.getByRole('button', { name: 'Notiz speichern' }).click();
    await expect.poll(() => page.locator('#meldung').textContent()).toContain('Notiz gespeichert.');
    await page.locator('details.erfassen').filter({ hasText: 'Neue Notiz schreiben' }).locator('summary').click();
    await page.getByLabel('Psychosoziale Notiz (nur für Sie)').check();
    await page.getByLabel('Text der Notiz').fill('Belastung durch Trennung von der Familie.');
    await page.getByRole('button', { name: 'Notiz speichern' }).click();
    await expect.poll(() => page.locator('#meldung').textContent()).toContain('Psychosoziale Notiz gespeichert.');
    await page.getByText('Belastung durch Trennung von der Familie.').waitFor();

    for (const [text, need] of [
      ['Integrationskurs B1 beginnen', 'Sprache und Integrationskurs'],
      ['Eigene Wohnung finden', 'Wohnen'],
    ] as const) {
      const details = page.locator('details.erfassen').filter({ hasText: 'Neues Ziel vereinbaren' });
      if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
      await page.getByLabel('Ziel', { exact: true }).fill(text);
      await page.getByLabel('Bedarf', { exact: true }).selectOption({ label: need });
      await page.getByLabel('Zieldatum', { exact: true }).fill('2027-06-30');
      await page.getByRole('button', { name: 'Ziel vereinbaren' }).click();
      await page.getByRole('heading', { name: `Ziel Z0${text.startsWith('Integrations') ? '1' : '2'}: ${text}` }).waitFor();
    }
    await page.getByLabel('Stand von Ziel Z01').selectOption({ label: 'teilweise erreicht' });
    await page.getByRole('button', { name: 'Überprüfung speichern für Ziel Z01' }).click();
    await expect.poll(() => page.locator('#meldung').textContent()).toContain('Ziel Z01: teilweise erreicht.');
    await expect.poll(() => page.locator('ol').last().textContent()).toContain('Psychosoziale Notiz geschrieben');
    await checkPage(page, 'dokumentation-03-erfasst');
    await page.context().close();

    // The coordination: contacts, the ordinary note and the goals; the psychosocial note is not on the page.
    const coordinator = await signedIn('sabine-kraemer');
    await coordinator.goto(`${web.url}/fall.html?id=${caseId}`);
    await coordinator.getByText('Wohnungsbesichtigung am Montag vereinbart.').waitFor();
    await expect.poll(() => coordinator.locator('table').filter({ hasText: 'Erfasste Kontakte' }).locator('tbody tr').count()).toBe(3);
    expect(await coordinator.getByRole('heading', { name: 'Ziel Z02: Eigene Wohnung finden' }).count()).toBe(1);
    expect(await coordinator.content()).not.toContain('Trennung von der Familie');
    expect(await coordinator.getByRole('button', { name: 'Kontakt erfassen' }).count()).toBe(0);
    await checkPage(coordinator, 'dokumentation-04-koordination');
    await coordinator.context().close();
  });

  it('closes a case with its evaluation: the reason and each open goal at their fields first, then the history says how it ended', async () => {
    const { caseId, manager } = await assignedCase(['housing']);
    // Assessed with a need no service covers: straight on to monitoring. The wait keeps its token just after the stage.
    await eventually(async () => ((await callAs(web, manager, 'POST', `/api/cases/${caseId}/assessment`, { needs: [{ category: 'housing' }], consents: [] })).status === 200 ? true : undefined), 30_000);
    for (const text of ['Wohnung finden', 'Mietvertrag verstehen']) {
      expect((await callAs(web, manager, 'POST', `/api/cases/${caseId}/goals`, { text, needCategory: 'housing', targetDate: '2027-06-30' })).status).toBe(201);
    }
    // Z01's target date lies behind it (written directly: the API takes no past date): the page marks it overdue.
    const documents = createDocumentClient(createDynamoDbClient({ region: 'eu-central-1', endpoint: `http://127.0.0.1:${web.ports.DYNAMODB_PORT}` }));
    try {
      await documents.send(new UpdateCommand({ TableName: 'kim-flow', Key: tableKeys.goal(caseId, 'Z01'), UpdateExpression: 'SET targetDate = :past', ExpressionAttributeValues: { ':past': '2026-11-02' } }));
    } finally {
      documents.destroy();
    }
    const page = await signedIn(manager);
    await page.goto(`${web.url}/fall.html?id=${caseId}`);
    await page.getByRole('heading', { name: 'Abschluss' }).waitFor({ timeout: 30_000 });
    const overdue = page.locator('section.ziel').filter({ has: page.getByRole('heading', { name: 'Ziel Z01: Wohnung finden' }) });
    expect(await overdue.locator('.marke').textContent()).toBe('überfällig');
    expect(await page.locator('section.ziel').filter({ has: page.getByRole('heading', { name: 'Ziel Z02: Mietvertrag verstehen' }) }).locator('.marke').count()).toBe(0);

    // Nothing chosen: the reason and both goals are named at their fields, and the case stays open.
    await page.getByRole('button', { name: 'Fall abschließen' }).click();
    await page.getByRole('button', { name: 'Ja, Fall abschließen' }).click();
    const reason = page.getByLabel('Abschlussgrund');
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.getByLabel('Abschließender Stand von Ziel Z02').getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'abschluss-01-fehler');

    await reason.selectOption({ label: 'in ein Regelangebot weitervermittelt' });
    await page.getByLabel('Abschließender Stand von Ziel Z01').selectOption({ label: 'erreicht' });
    await page.getByLabel('Abschließender Stand von Ziel Z02').selectOption({ label: 'teilweise erreicht' });
    // The question stays open after a refusal: corrected, the same confirmation closes the case.
    await page.getByRole('button', { name: 'Ja, Fall abschließen' }).click();
    await expect.poll(() => page.locator('#meldung').textContent()).toContain('Fall abgeschlossen.');
    await page.getByText(/Fall abgeschlossen – in ein Regelangebot weitervermittelt, 1 von 2 Zielen erreicht/).waitFor();
    expect(await page.getByRole('heading', { name: 'Wiedereröffnen' }).count()).toBe(1);
    await checkPage(page, 'abschluss-02-abgeschlossen');
    await page.context().close();

    // The coordination's KPI report counts the reason and the goals (from the counters the closing wrote).
    const coordinator = await signedIn('sabine-kraemer');
    await coordinator.goto(`${web.url}/kennzahlen.html`);
    await coordinator.getByRole('button', { name: 'Kennzahlen anzeigen' }).click();
    const record = coordinator.locator('#abschnitt-record').locator('xpath=..');
    await record.waitFor();
    const reasons = record.locator('table').filter({ hasText: 'Abgeschlossene Fälle nach Abschlussgrund' });
    expect(await reasons.getByRole('row').filter({ hasText: 'in ein Regelangebot weitervermittelt' }).textContent()).toContain('1');
    expect(await record.locator('table').filter({ hasText: 'Ziele abgeschlossener Fälle nach Ergebnis' }).getByRole('row').filter({ hasText: 'teilweise erreicht' }).textContent()).toContain('1');
    await checkPage(coordinator, 'abschluss-03-kennzahlen');
    await coordinator.context().close();
  });
});
