/**
 * The minutes page in a real browser against `npm start`: from the meeting page the coordination opens "Protokoll"
 * of the next Jour fixe, notes attendance, a discussion (with markup, shown as text), a decision and an action item;
 * a due day before the meeting comes back as a German error beside "Bis" with the values kept; saved, the draft
 * shows again as saved. Releasing stays disabled with its reason until the meeting has begun. A case manager reads
 * the same draft without controls to change it. axe on every state. (Release, mails and printing of an edition:
 * tests/e2e/meeting-follow-up.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { MeetingRecord } from '../../core/meetings/meeting.ts';
import { checkPage, signIn } from '../fixtures/browser-checks.ts';
import { callAs, useBrowserApp } from '../fixtures/browser-app.ts';
import { eventually } from '../fixtures/eventually.ts';

const app = useBrowserApp('kim-minutes-page-');
const CASE_MANAGER = 'ayse-yilmaz';
const COORDINATOR = 'sabine-kraemer';
const DISCUSSION = 'Die Träger berichten über Wartezeiten. <script>alert(1)</script>';
const DECISION = 'Die Beratung öffnet dienstags bis 18 Uhr.';
const TASK = 'Aushang für die Öffnungszeiten entwerfen';

/** The Jour fixe's next scheduled meeting, once `npm start` has planned the meetings. */
function nextJourFixe(): Promise<MeetingRecord> {
  return eventually(async () => {
    const { body } = await callAs(app, COORDINATOR, 'GET', '/api/meetings?body=jour-fixe');
    return ((body.meetings ?? []) as MeetingRecord[]).filter((m) => m.status === 'scheduled' && Date.parse(m.start) > Date.now()).sort((a, b) => a.start.localeCompare(b.start))[0];
  }, 60_000);
}

/** A calendar day `days` after the meeting's day (YYYY-MM-DD, Berlin). */
const dayAfter = (meeting: MeetingRecord, days: number): string => new Date(Date.parse(meeting.start) + days * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Europe/Berlin' });

describe('the minutes page in a real browser', () => {
  it('the coordination writes and saves the draft, German errors beside the field; others read it', async () => {
    const meeting = await nextJourFixe();
    expect((await callAs(app, COORDINATOR, 'POST', `/api/meetings/${meeting.meetingId}/agenda`, { title: 'Öffnungszeiten der Beratung' })).status).toBe(200);

    const context = await app.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    context.setDefaultTimeout(20_000);
    const coordinator = await signIn(app.url, context, COORDINATOR);
    await coordinator.goto(`${app.url}/termin.html?id=${meeting.meetingId}`);
    await coordinator.getByRole('heading', { name: 'Offene Aufgaben aus früheren Sitzungen' }).waitFor();
    await checkPage(coordinator, 'protokoll-01-sitzung');
    await coordinator.getByRole('link', { name: 'Protokoll', exact: true }).click();

    await coordinator.getByRole('heading', { name: /^Protokoll: Jour fixe/ }).waitFor();
    const release = coordinator.getByRole('button', { name: 'Protokoll freigeben' });
    expect(await release.isDisabled()).toBe(true);
    expect(await coordinator.locator(`[id="${(await release.getAttribute('aria-describedby')) ?? ''}"]`).textContent()).toContain('sobald die Sitzung begonnen hat');
    const attendance = coordinator.getByRole('group', { name: 'Anwesenheit' });
    expect(await attendance.getByRole('group', { name: 'Mitglieder' }).getByRole('checkbox').count()).toBeGreaterThan(0);
    await checkPage(coordinator, 'protokoll-02-entwurf');

    const top = coordinator.getByRole('group', { name: /^TOP \d+: Öffnungszeiten der Beratung/ });
    await top.getByLabel('Verlauf in Kürze').fill(DISCUSSION);
    await top.getByRole('button', { name: 'Beschluss hinzufügen' }).click();
    await top.getByLabel('Beschluss 1').fill(DECISION);
    await top.getByRole('button', { name: 'Aufgabe hinzufügen' }).click();
    const task = top.getByRole('group', { name: 'Aufgabe 1' });
    expect(await task.getByLabel('Was').evaluate((element) => element === document.activeElement)).toBe(true);
    await task.getByLabel('Was').fill(TASK);
    await task.getByLabel('Wer').selectOption({ index: 1 });
    const owner = await task.getByLabel('Wer').inputValue();
    await task.getByLabel('Bis').fill(dayAfter(meeting, -3));
    await coordinator.getByRole('button', { name: 'Entwurf speichern' }).click();

    const due = task.getByLabel('Bis');
    await expect.poll(() => due.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await due.getAttribute('aria-describedby')) ?? '';
    const said = await Promise.all(describedBy.split(' ').map((id) => coordinator.locator(`[id="${id}"]`).textContent()));
    expect(said.join(' ')).toContain('darf nicht vor dem Sitzungstag liegen');
    expect(await coordinator.getByRole('alert').textContent()).toContain('Aufgabe 1, Bis');
    expect(await task.getByLabel('Was').inputValue()).toBe(TASK);
    expect(await top.getByLabel('Verlauf in Kürze').inputValue()).toBe(DISCUSSION);
    await checkPage(coordinator, 'protokoll-03-fehler');

    await due.fill(dayAfter(meeting, 7));
    await coordinator.getByRole('button', { name: 'Entwurf speichern' }).click();
    await coordinator.getByText('Der Entwurf wurde gespeichert.').waitFor();
    const saved = coordinator.getByRole('group', { name: /^TOP \d+: Öffnungszeiten der Beratung/ });
    expect(await saved.getByLabel('Verlauf in Kürze').inputValue()).toBe(DISCUSSION);
    expect(await saved.getByLabel('Beschluss 1').inputValue()).toBe(DECISION);
    expect(await saved.getByRole('group', { name: 'Aufgabe 1' }).getByLabel('Wer').inputValue()).toBe(owner);
    expect(await coordinator.locator('script:not([src])').count()).toBe(0);
    expect(await coordinator.locator('.angaben').textContent()).toContain('Entwurf, noch nicht freigegeben');
    await checkPage(coordinator, 'protokoll-04-gespeichert');

    const stored = await callAs(app, COORDINATOR, 'GET', `/api/meetings/${meeting.meetingId}/minutes`);
    const items = (stored.body.draft as { items: { title: string; discussion: string; decisions: { text: string }[]; actionItems: { what: string; due: string }[] }[] }).items;
    expect(items.find((item) => item.title === 'Öffnungszeiten der Beratung')).toMatchObject({ discussion: DISCUSSION, decisions: [{ text: DECISION }], actionItems: [{ what: TASK, due: dayAfter(meeting, 7) }] });

    // A case manager reads the draft; nothing to change.
    const manager = await signIn(app.url, context, CASE_MANAGER);
    await manager.goto(`${app.url}/protokoll.html?id=${meeting.meetingId}`);
    await manager.getByText('Das Protokoll schreibt und gibt die Koordination frei.').waitFor();
    const read = manager.getByRole('group', { name: /^TOP \d+: Öffnungszeiten der Beratung/ });
    expect(await read.getByLabel('Verlauf in Kürze').inputValue()).toBe(DISCUSSION);
    expect(await read.getByLabel('Verlauf in Kürze').isDisabled()).toBe(true);
    expect(await manager.getByRole('button', { name: /Entwurf speichern|Protokoll freigeben|hinzufügen|Entfernen/ }).count()).toBe(0);
    await checkPage(manager, 'protokoll-05-lesen');
    await context.close();
  });
});
