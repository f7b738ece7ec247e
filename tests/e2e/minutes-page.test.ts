/**
 * The minutes page in a real browser against `npm start`: from the meeting page the coordination opens "Protokoll"
 * of the next Jour fixe, notes attendance, a discussion (with markup, shown as text), a decision and an action item;
 * a due day before the meeting comes back as a German error beside "Bis" with the values kept; saved, the draft
 * shows again as saved. Releasing stays disabled with its reason until the meeting has begun. A case manager gets
 * no draft: "noch kein Protokoll" before the release, the latest released edition after it. A meeting that has begun
 * (moved into the past in the table: the API takes no past date) is released from the page, then corrected — the
 * note required beside its field — and its latest edition printed alone; its action item shows under the next
 * meeting, in that meeting's printed edition too, and is marked "Erledigt" there. axe on every state.
 * (The mails of the editions and the reminders: tests/e2e/meeting-follow-up.test.ts.)
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDocumentClient, createDynamoDbClient } from '../../core/adapters/dynamodb-client.ts';
import { tableKeys } from '../../core/adapters/table-keys.ts';
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

/** The Jour fixe's coming scheduled meetings (the next first), once `npm start` has planned them. */
function comingJourFixes(): Promise<MeetingRecord[]> {
  return eventually(async () => {
    const { body } = await callAs(app, COORDINATOR, 'GET', '/api/meetings?body=jour-fixe');
    const coming = ((body.meetings ?? []) as MeetingRecord[]).filter((m) => m.status === 'scheduled' && Date.parse(m.start) > Date.now()).sort((a, b) => a.start.localeCompare(b.start));
    return coming.length >= 2 ? coming : undefined;
  }, 60_000);
}

const nextJourFixe = async (): Promise<MeetingRecord> => (await comingJourFixes())[0] as MeetingRecord;

/** Moves a meeting to `daysAgo` days ago, 10:00–12:00 UTC, straight in the table: it has begun, so it may be released. */
async function moveIntoThePast(meeting: MeetingRecord, daysAgo: number): Promise<void> {
  const day = new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  const [start, end] = [`${day}T10:00:00.000Z`, `${day}T12:00:00.000Z`];
  const { gsi1sk, gsi2sk } = tableKeys.meeting(meeting.meetingId, meeting.bodyId, start);
  const documents = createDocumentClient(createDynamoDbClient({ region: 'eu-central-1', endpoint: `http://127.0.0.1:${app.ports.DYNAMODB_PORT}` }));
  try {
    await documents.send(
      new UpdateCommand({
        TableName: 'kim-flow',
        Key: tableKeys.meetingKey(meeting.meetingId),
        UpdateExpression: 'SET #start = :start, #end = :end, gsi1sk = :gsi1sk, gsi2sk = :gsi2sk',
        ExpressionAttributeNames: { '#start': 'start', '#end': 'end' },
        ExpressionAttributeValues: { ':start': start, ':end': end, ':gsi1sk': gsi1sk, ':gsi2sk': gsi2sk },
      }),
    );
  } finally {
    documents.destroy();
  }
}

/** A calendar day `days` after the meeting's day (YYYY-MM-DD, Berlin). */
const dayAfter = (meeting: MeetingRecord, days: number): string => new Date(Date.parse(meeting.start) + days * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Europe/Berlin' });

describe('the minutes page in a real browser', () => {
  it('the coordination writes and saves the draft, German errors beside the field; a case manager does not see it', async () => {
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

    // A case manager gets neither the unreleased draft nor the owners, and reads that nothing is released yet.
    const forManager = await callAs(app, CASE_MANAGER, 'GET', `/api/meetings/${meeting.meetingId}/minutes`);
    expect(forManager.status).toBe(200);
    expect(forManager.body).not.toHaveProperty('draft');
    expect(forManager.body).not.toHaveProperty('owners');
    const manager = await signIn(app.url, context, CASE_MANAGER);
    await manager.goto(`${app.url}/protokoll.html?id=${meeting.meetingId}`);
    await manager.getByText('Für diese Sitzung ist noch kein Protokoll freigegeben.').waitFor();
    expect(await manager.locator('.angaben').textContent()).toContain('Noch kein Protokoll freigegeben');
    expect(await manager.locator('#protokoll form, #protokoll button').count()).toBe(0);
    expect(await manager.getByText(DECISION).count()).toBe(0);
    await checkPage(manager, 'protokoll-05-nicht-freigegeben');
    await context.close();
  });

  it('the coordination releases a begun meeting\u2019s minutes, corrects them with a note and prints the latest edition alone', async () => {
    const [next, later] = await comingJourFixes();
    if (next === undefined || later === undefined) throw new Error('two coming Jour fixe meetings expected');
    expect((await callAs(app, COORDINATOR, 'POST', `/api/meetings/${later.meetingId}/agenda`, { title: 'Sprachkurse im Nordkreis' })).status).toBe(200);
    await moveIntoThePast(later, 3);

    const context = await app.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    context.setDefaultTimeout(20_000);
    const coordinator = await signIn(app.url, context, COORDINATOR);
    await coordinator.goto(`${app.url}/protokoll.html?id=${later.meetingId}`);
    const top = coordinator.getByRole('group', { name: /^TOP \d+: Sprachkurse im Nordkreis/ });
    await top.getByLabel('Verlauf in Kürze').fill('Zwei Kurse sind voll, einer hat freie Plätze.');
    await coordinator.getByRole('group', { name: 'Mitglieder' }).getByRole('checkbox').first().check();
    await top.getByRole('button', { name: 'Aufgabe hinzufügen' }).click();
    const task = top.getByRole('group', { name: 'Aufgabe 1' });
    await task.getByLabel('Was').fill(TASK);
    await task.getByLabel('Wer').selectOption({ index: 1 });
    await task.getByLabel('Bis').fill(dayAfter(next, 14));
    // Never saved, the draft cannot be released yet (the API's reason beside the button); once saved it can.
    expect(await coordinator.getByRole('button', { name: 'Protokoll freigeben' }).isDisabled()).toBe(true);
    await coordinator.getByRole('button', { name: 'Entwurf speichern' }).click();
    await coordinator.getByText('Der Entwurf wurde gespeichert.').waitFor();
    await coordinator.getByRole('button', { name: 'Protokoll freigeben' }).click();
    await coordinator.getByText('Das Protokoll wurde als Fassung 1 freigegeben.', { exact: false }).waitFor();
    await coordinator.getByRole('heading', { name: 'Fassung 1 zum Lesen und Drucken' }).waitFor();
    const printed = coordinator.locator('.druckfassung');
    expect(await printed.textContent()).toContain('Zwei Kurse sind voll, einer hat freie Plätze.');
    expect(await printed.textContent()).toContain(TASK);
    expect(await coordinator.getByRole('region', { name: 'Freigegebene Fassungen' }).getByRole('listitem').count()).toBe(1);
    await checkPage(coordinator, 'protokoll-06-freigegeben');

    // A correction needs its note: the error beside the field, then edition 2 with it.
    await coordinator.getByRole('group', { name: /^TOP \d+: Sprachkurse im Nordkreis/ }).getByLabel('Verlauf in Kürze').fill('Zwei Kurse sind voll, zwei haben freie Plätze.');
    await coordinator.getByRole('button', { name: 'Protokoll freigeben' }).click();
    const note = coordinator.getByLabel(/^Berichtigung/);
    await expect.poll(() => note.getAttribute('aria-invalid')).toBe('true');
    expect(await coordinator.getByRole('group', { name: /^TOP \d+: Sprachkurse im Nordkreis/ }).getByLabel('Verlauf in Kürze').inputValue()).toBe('Zwei Kurse sind voll, zwei haben freie Plätze.');
    await checkPage(coordinator, 'protokoll-07-berichtigung-fehlt');
    await note.fill('Zahl der Kurse mit freien Plätzen berichtigt');
    await coordinator.getByRole('button', { name: 'Protokoll freigeben' }).click();
    await coordinator.getByText('Das Protokoll wurde als Fassung 2 freigegeben.', { exact: false }).waitFor();
    expect(await coordinator.locator('.druckfassung').textContent()).toContain('Fassung 2 (Berichtigung vom');
    expect(await coordinator.getByRole('region', { name: 'Freigegebene Fassungen' }).textContent()).toContain('Berichtigung: Zahl der Kurse mit freien Plätzen berichtigt');

    // Printing: only the edition, no header, form or editions.
    await coordinator.emulateMedia({ media: 'print' });
    expect(await coordinator.locator('.druckfassung').isVisible()).toBe(true);
    for (const hidden of ['header.kopf', 'form', '#fassungen-titel', 'h1#titel', 'button:has-text("Drucken")']) expect(await coordinator.locator(hidden).first().isVisible(), hidden).toBe(false);
    await checkPage(coordinator, 'protokoll-08-druck');
    await coordinator.emulateMedia({ media: 'screen' });

    // A case manager reads (and may print) the latest edition, no form.
    const manager = await signIn(app.url, context, CASE_MANAGER);
    await manager.goto(`${app.url}/protokoll.html?id=${later.meetingId}`);
    await manager.getByRole('heading', { name: 'Fassung 2 zum Lesen und Drucken' }).waitFor();
    expect(await manager.locator('.druckfassung').textContent()).toContain('Zwei Kurse sind voll, zwei haben freie Plätze.');
    expect(await manager.locator('.angaben').textContent()).toContain('Fassung 2 freigegeben');
    expect(await manager.getByRole('region', { name: 'Freigegebene Fassungen' }).getByRole('listitem').count()).toBe(2);
    expect(await manager.locator('#protokoll form').count()).toBe(0);
    expect(await manager.getByRole('button', { name: 'Drucken' }).isVisible()).toBe(true);
    await checkPage(manager, 'protokoll-09-lesen');

    // The next meeting (begun after it) lists the open action item, and its printed edition does too; the
    // coordination marks it done there.
    await moveIntoThePast(next, 2);
    await coordinator.goto(`${app.url}/protokoll.html?id=${next.meetingId}`);
    const open = coordinator.getByRole('listitem').filter({ hasText: TASK });
    await open.waitFor();
    await coordinator.getByRole('button', { name: 'Entwurf speichern' }).click();
    await coordinator.getByText('Der Entwurf wurde gespeichert.').waitFor();
    await coordinator.getByRole('button', { name: 'Protokoll freigeben' }).click();
    await coordinator.getByText('Das Protokoll wurde als Fassung 1 freigegeben.', { exact: false }).waitFor();
    expect(await coordinator.locator('.druckfassung').getByRole('table', { name: 'Offene Aufgaben aus früheren Sitzungen' }).textContent()).toContain(TASK);
    await checkPage(coordinator, 'protokoll-10-offene-aufgabe');
    await open.getByRole('button', { name: /^Erledigt/ }).click();
    await coordinator.getByText(`Die Aufgabe „${TASK}“ ist als erledigt vermerkt.`).waitFor();
    expect(await coordinator.getByRole('listitem').filter({ hasText: TASK }).count()).toBe(0);
    await context.close();
  });
});
