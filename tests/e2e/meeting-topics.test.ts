/**
 * Topics for the Jour fixe in a real browser against `npm start`: a case manager proposes a topic on the page (a case
 * number in the text first: the German error next to the field, the values kept), linked to a checked gap report; the
 * coordination puts it on the next Jour fixe on the page and the meeting page shows the agenda item; `npm run
 * reconcile` then sends the update, whose calendar part ical.js parses with the topic in its DESCRIPTION and a raised
 * SEQUENCE. A second topic is declined with a reason the proposer reads. axe on every page state.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { MeetingRecord } from '../../core/meetings/meeting.ts';
import { checkPage, signIn } from '../fixtures/browser-checks.ts';
import { callAs, useBrowserApp } from '../fixtures/browser-app.ts';
import { eventually } from '../fixtures/eventually.ts';
import { parseCalendar } from '../fixtures/meeting-fixtures.ts';
import { outboxMails } from '../fixtures/second-district/seen-texts.ts';

const app = useBrowserApp('kim-topics-');
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CASE_MANAGER = 'ayse-yilmaz';
const COORDINATOR = 'sabine-kraemer';
const TITLE = 'Lange Wartezeiten bei der Ausländerbehörde';

/** The Jour fixe's next scheduled meeting, as the coordination's select preselects it. */
async function nextJourFixe(): Promise<MeetingRecord> {
  const { body } = await callAs(app, COORDINATOR, 'GET', '/api/meetings?body=jour-fixe');
  const [next] = (body.meetings as MeetingRecord[]).filter((m) => m.status === 'scheduled' && Date.parse(m.start) > Date.now()).sort((a, b) => a.start.localeCompare(b.start));
  if (next === undefined) throw new Error('no coming Jour fixe');
  return next;
}

describe('topics for the Jour fixe in a real browser', () => {
  it('a case manager proposes a topic, the coordination puts it on the next Jour fixe, the update carries it', async () => {
    // A checked gap report the topic can point to.
    const raised = await callAs(app, CASE_MANAGER, 'POST', '/api/gap-reports', { reason: 'no-service-for-need', municipalityId: 'kreuzau', needCategory: 'housing', text: 'Keine Wohnungsberatung in Kreuzau.' });
    expect(raised.status).toBe(201);
    expect((await callAs(app, COORDINATOR, 'POST', `/api/gap-reports/${String(raised.body.gapReportId)}/review`, { action: 'accept' })).status).toBe(200);

    const context = await app.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    context.setDefaultTimeout(20_000);
    const manager = await signIn(app.url, context, CASE_MANAGER);
    await manager.getByRole('link', { name: 'Themen Jour fixe' }).click();
    await manager.getByRole('heading', { name: 'Meine Themenvorschläge' }).waitFor();
    await expect.poll(() => manager.getByText(/keine Namen von Personen und keine Fallnummern/).count()).toBe(1);
    await checkPage(manager, 'themen-01-case-management');

    const form = manager.getByRole('region', { name: 'Thema vorschlagen' });
    await form.getByLabel('Titel').fill(TITLE);
    await form.getByLabel('Kurzbeschreibung').fill('Wie bei KIM-2026-7QK3M2XD: Termine erst nach acht Wochen.');
    await form.getByRole('button', { name: 'Thema vorschlagen' }).click();
    const text = form.getByLabel('Kurzbeschreibung');
    await expect.poll(() => text.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await text.getAttribute('aria-describedby')) ?? '';
    const said = await Promise.all(describedBy.split(' ').map((id) => manager.locator(`[id="${id}"]`).textContent()));
    expect(said.join(' ')).toContain('darf keine Fallnummer enthalten');
    expect(await form.getByLabel('Titel').inputValue()).toBe(TITLE);
    await checkPage(manager, 'themen-02-fehler');

    await text.fill('Termine sind derzeit erst nach acht Wochen zu bekommen; Fristen laufen ab.');
    await form.getByLabel(/Bezug zu einer Bedarfsmeldung/).selectOption({ label: 'Bedarfsmeldung: Wohnen in Kreuzau (1)' });
    await form.getByRole('button', { name: 'Thema vorschlagen' }).click();
    await manager.getByText(`Ihr Thema „${TITLE}“ ist vorgeschlagen.`, { exact: false }).waitFor();
    await manager.getByRole('row', { name: new RegExp(`${TITLE}.*vorgeschlagen`) }).waitFor();
    expect(await form.getByLabel('Titel').inputValue()).toBe('');

    // The coordination: the topic with the next Jour fixe preselected.
    const next = await nextJourFixe();
    const coordinator = await signIn(app.url, context, COORDINATOR);
    await coordinator.goto(`${app.url}/themen.html`);
    const topic = coordinator.getByRole('article', { name: TITLE });
    await topic.waitFor();
    await expect.poll(() => topic.getByLabel('Sitzung').inputValue()).toBe(next.meetingId);
    expect(await topic.getByText('Bezug: Bedarfsmeldung: Wohnen in Kreuzau (1)').count()).toBe(1);
    await checkPage(coordinator, 'themen-03-koordination');
    await topic.getByRole('button', { name: 'Auf die Tagesordnung' }).click();
    await coordinator.getByText(`„${TITLE}“: auf der Tagesordnung der Sitzung am`, { exact: false }).waitFor();
    await coordinator.getByText('Es liegen keine Themenvorschläge vor.').waitFor();
    await checkPage(coordinator, 'themen-04-angenommen');

    // The meeting page shows the new agenda item, and the SEQUENCE raised.
    await coordinator.getByRole('link', { name: 'Zur Sitzung' }).click();
    await coordinator.getByRole('heading', { name: 'Tagesordnung' }).waitFor();
    await coordinator.locator('.tagesordnung > li', { hasText: TITLE }).waitFor();
    expect(new URL(coordinator.url()).searchParams.get('id')).toBe(next.meetingId);
    await checkPage(coordinator, 'themen-05-sitzung');

    // The proposer reads where it went.
    await manager.reload();
    await manager.getByRole('row', { name: new RegExp(`${TITLE}.*auf der Tagesordnung der Sitzung am \\d{2}\\.\\d{2}\\.\\d{4}`) }).waitFor();

    // The reconciler (what the 15-minute schedule does) sends the update; ical.js reads the topic in it.
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'local/reconcile.ts'], { cwd: ROOT, env: { ...process.env, KIM_DATA_DIR: app.dataDir }, timeout: 120_000 });
    const updates = await eventually(async () => {
      const found = (await outboxMails(app.url)).flatMap((mail) =>
        mail.attachments
          .filter((a) => a.contentType.startsWith('text/calendar'))
          .map((a) => ({ mail, ics: parseCalendar(a.content.toString('utf8')) }))
          .filter(({ ics }) => ics.uid.startsWith(`${next.meetingId}@`) && ics.sequence > 0),
      );
      return found.length > 0 ? found : undefined;
    }, 30_000);
    for (const { mail, ics } of updates) {
      expect(ics.method).toBe('REQUEST');
      expect(ics.text('description')).toContain(TITLE);
      expect(ics.text('description')).toContain('Bedarfsmeldung: Wohnen in Kreuzau (1)');
      // The readable mail lists the agenda too; the agenda never names who proposed the topic.
      expect(mail.text).toContain(TITLE);
      expect(ics.text('description')).not.toContain('Yılmaz');
    }
    await context.close();
  });

  it('the coordination declines a topic with a reason (required) that the proposer reads', async () => {
    const title = 'Dolmetschkosten bei Arztterminen';
    expect((await callAs(app, CASE_MANAGER, 'POST', '/api/topics', { title, text: 'Wer trägt die Kosten?' })).status).toBe(201);
    const context = await app.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    context.setDefaultTimeout(20_000);
    const coordinator = await signIn(app.url, context, COORDINATOR);
    await coordinator.goto(`${app.url}/themen.html`);
    const topic = coordinator.getByRole('article', { name: title });
    await topic.getByRole('button', { name: 'Ablehnen' }).click();
    const reason = topic.getByLabel('Begründung');
    await expect.poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    await checkPage(coordinator, 'themen-06-ablehnen-fehler');
    await reason.fill('Wird im AK Migration besprochen.');
    await topic.getByRole('button', { name: 'Ablehnen' }).click();
    await coordinator.getByText(`„${title}“ ist abgelehnt.`, { exact: false }).waitFor();

    const manager = await signIn(app.url, context, CASE_MANAGER);
    await manager.goto(`${app.url}/themen.html`);
    await manager.getByRole('row', { name: new RegExp(`${title}.*abgelehnt: Wird im AK Migration besprochen\\.`) }).waitFor();
    await checkPage(manager, 'themen-07-abgelehnt');
    await context.close();
  });
});
