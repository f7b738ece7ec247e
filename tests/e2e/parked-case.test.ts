/**
 * A parked case ("Klärung nötig") in a real browser against `npm start`: the coordinator reads why it parked and
 * resumes it with "Fortsetzen" (keyboard-reachable, described by the reason), the case manager reads that the
 * coordination takes care of it; axe-core's WCAG 2.1 A/AA rules on both views. The case is parked the way ParkCase
 * leaves it — its execution ended (stopped here through the local Step Functions endpoint) and `attention` set on
 * the case item — because `npm start` runs in its own process, where no failure can be injected; the workflow tests
 * (tests/workflow/parked-cases.test.ts) park cases by a real failing step.
 */
import { StopExecutionCommand } from '@aws-sdk/client-sfn';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import demoData from '../../local/demo/demo-data.json' with { type: 'json' };
import { createDocumentClient, createDynamoDbClient } from '../../core/adapters/dynamodb-client.ts';
import { createSfnClient } from '../../core/adapters/sfn-client.ts';
import { DynamoCaseRepository } from '../../core/adapters/dynamo-case-repository.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { axeViolations, describeViolations, screenshot } from '../fixtures/browser.ts';
import { eventually } from '../fixtures/eventually.ts';
import { tokenOf, useBrowserApp } from '../fixtures/browser-app.ts';
import { intakeFor } from '../fixtures/workflow-harness.ts';
import { kpiCalendarOf } from '../../core/reports/kpi-calendar.ts';

const REGION = 'eu-central-1';
const web = useBrowserApp('kim-parked-');

interface CaseView {
  readonly stage: string;
  readonly generation: number;
  readonly caseManagerId?: string;
  readonly attention?: unknown;
}

async function caseOf(caseId: string): Promise<CaseView> {
  const response = await fetch(`${web.url}/api/cases/${caseId}`, { headers: { authorization: `Bearer ${await tokenOf(web, 'sabine-kraemer')}` } });
  return ((await response.json()) as { case: CaseView }).case;
}

/** A case waiting for its assessment, then parked: execution 1 stopped, `attention` written as ParkCase does. */
async function parkedCase(): Promise<{ caseId: string; caseManagerId: string }> {
  const answer = await fetch(`${web.url}/api/intakes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await tokenOf(web, 'sabine-kraemer')}`, 'content-type': 'application/json' },
    body: JSON.stringify(intakeFor({ needs: { categories: ['language'] } })),
  });
  const { caseId } = (await answer.json()) as { caseId: string };
  const waiting = await eventually(async () => {
    const current = await caseOf(caseId);
    return current.stage === 'awaiting-assessment' ? current : undefined;
  }, 30_000);
  const sfn = createSfnClient({ region: REGION, endpoint: `http://127.0.0.1:${web.ports.STEPFUNCTIONS_PORT}` });
  const documents = createDocumentClient(createDynamoDbClient({ region: REGION, endpoint: `http://127.0.0.1:${web.ports.DYNAMODB_PORT}` }));
  try {
    await sfn.send(new StopExecutionCommand({ executionArn: `arn:aws:states:${REGION}:000000000000:execution:intake-to-referral:${caseId}-1` }));
    // Through the repository like ParkCase (its transaction also moves the case list's entries), conditional on the
    // version; the step that was waiting may still be storing its token.
    const cases = new DynamoCaseRepository(documents, 'kim-flow', kpiCalendarOf(bundledProfile()));
    await eventually(async () => {
      const record = await cases.getCase(caseId);
      if (record === undefined) return undefined;
      await cases.updateCase(record, { attention: { step: 'KimTransientError', at: new Date().toISOString() } }, undefined, new Date());
      return true;
    });
  } finally {
    sfn.destroy();
    documents.destroy();
  }
  return { caseId, caseManagerId: waiting.caseManagerId ?? '' };
}

async function signedIn(userId: string, path: string): Promise<Page> {
  const context = await web.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto(`${web.url}/anmelden`);
  const person = demoData.staff.find((s) => s.id === userId);
  await page.getByRole('button', { name: `Anmelden als ${person?.name ?? userId}` }).click();
  await page.waitForURL((url) => url.pathname !== '/anmelden');
  await page.goto(`${web.url}${path}`);
  return page;
}

describe('a parked case on the case page', () => {
  it('tells the case manager why, and lets the coordinator resume it with "Fortsetzen"', async () => {
    const { caseId, caseManagerId } = await parkedCase();
    const reason = 'Das Warten auf die Einschätzung ist fehlgeschlagen (Erinnerung oder Meldung an die Koordination) – technische Störung, auch nach mehreren Versuchen.';

    const caseManager = await signedIn(caseManagerId, `/fall.html?id=${caseId}`);
    await caseManager.getByRole('heading', { name: 'Klärung nötig' }).waitFor();
    await expect.poll(() => caseManager.locator('#klaerung-grund').textContent()).toBe(reason);
    await expect.poll(() => caseManager.getByRole('button', { name: 'Fortsetzen' }).count()).toBe(0);
    await screenshot(caseManager, 'fall-klaerung-case-management');
    expect(describeViolations(await axeViolations(caseManager)), 'axe on the parked case (case manager)').toEqual([]);
    await caseManager.context().close();

    const coordinator = await signedIn('sabine-kraemer', '/faelle.html');
    const row = coordinator.getByRole('row').filter({ has: coordinator.getByRole('link', { name: caseId }) });
    await expect.poll(() => row.textContent()).toContain('Klärung nötig');
    // The list already says why, so the coordination sees what to fix without opening the case.
    expect(await row.textContent()).toContain(`Klärung durch die Koordination: ${reason}`);
    await coordinator.getByRole('link', { name: caseId }).click();
    const resume = coordinator.getByRole('button', { name: 'Fortsetzen' });
    await resume.waitFor();
    // The button carries the reason and what it does as its description, for screen readers.
    expect(await resume.getAttribute('aria-describedby')).toBe('klaerung-grund klaerung-hinweis');
    await screenshot(coordinator, 'fall-klaerung-koordination');
    expect(describeViolations(await axeViolations(coordinator)), 'axe on the parked case (coordination)').toEqual([]);

    await resume.focus();
    await coordinator.keyboard.press('Enter');
    await coordinator.getByText('Fall fortgesetzt: der Ablauf läuft ab der Phase „Wartet auf Einschätzung“ weiter.').waitFor();
    await expect.poll(() => coordinator.getByRole('heading', { name: 'Klärung nötig' }).count()).toBe(0);
    await coordinator.getByText(/Fortgesetzt von Sie: der Fall läuft ab seiner Phase weiter/).waitFor();
    expect(describeViolations(await axeViolations(coordinator)), 'axe after "Fortsetzen"').toEqual([]);
    await coordinator.context().close();

    // The workflow runs again in generation 2 and waits for the assessment.
    const resumed = await caseOf(caseId);
    expect(resumed).toMatchObject({ generation: 2, stage: 'awaiting-assessment' });
    expect(resumed.attention).toBeUndefined();
  });
});
