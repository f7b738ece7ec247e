/**
 * Issue 18, "done when", in a real browser: a case manager proposes a topic, the coordination puts it on the next
 * Jour fixe (the update is in the outbox and ical.js parses it), records attendance, a decision and an action item
 * after the meeting and releases the minutes (the mail in the outbox, the minutes attached, no calendar part); the
 * open action item is on the next meeting's agenda; its owner gets a reminder before the due date. The story
 * crosses two days, so the system runs in this process on a manual clock (the workflow harness with its pages)
 * instead of `npm start`, and the reconciler runs where its 15-minute schedule would. axe on every page state.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileAll } from '../../core/meetings/reconcile-all.ts';
import { launchBrowser } from '../fixtures/browser.ts';
import { checkPage, signIn } from '../fixtures/browser-checks.ts';
import { parseCalendar } from '../fixtures/meeting-fixtures.ts';
import { WorkflowHarness } from '../fixtures/workflow-harness.ts';

const CASE_MANAGER = 'ayse-yilmaz';
const COORDINATOR = 'sabine-kraemer';
const MEETING = 'jour-fixe-2026-11-24'; // today, 10:00 in Düren; the clock starts at 09:00
const NEXT = 'jour-fixe-2026-12-08';
const TITLE = 'Dolmetschpool für Beratungen auf Arabisch';
const DECISION = 'Die Koordination fragt drei Dolmetschdienste an.';
const TASK = 'Angebote der Dolmetschdienste einholen';


describe('a topic through the Jour fixe to its minutes and follow-up, in a real browser', () => {
  const h = new WorkflowHarness({ pages: true });
  let browser: Browser;
  let url: string;
  beforeAll(async () => {
    [browser] = await Promise.all([launchBrowser(), h.start()]);
    url = await h.apiUrl();
  });
  afterAll(async () => {
    await browser.close();
    await h.stop();
  });

  const mails = () => h.outboxMails();

  it('proposed, put on the agenda, minuted, released, carried to the next meeting and reminded', async () => {
    await reconcileAll(h.deps); // the meetings of the coming year, and today's invitations
    const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    context.setDefaultTimeout(20_000);
    // The pages tell past from coming meetings by the browser's clock: it shows the system's (timers run as usual).
    const advance = async (ms: number): Promise<void> => {
      await h.clock.advance(ms);
      await context.clock.setFixedTime(h.clock.now());
    };
    await advance(0);

    // The case manager proposes a topic.
    const manager = await signIn(url, context, CASE_MANAGER);
    await manager.goto(`${url}/themen.html`);
    const form = manager.getByRole('region', { name: 'Thema vorschlagen' });
    await form.getByLabel('Titel').fill(TITLE);
    await form.getByLabel('Kurzbeschreibung').fill('Für Erstgespräche fehlen kurzfristig Dolmetscherinnen und Dolmetscher.');
    await form.getByRole('button', { name: 'Thema vorschlagen' }).click();
    await manager.getByText(`Ihr Thema „${TITLE}“ ist vorgeschlagen.`, { exact: false }).waitFor();
    await checkPage(manager, 'folge-01-thema-vorgeschlagen');

    // The coordination puts it on the next Jour fixe: today's.
    const coordinator = await signIn(url, context, COORDINATOR);
    await coordinator.goto(`${url}/themen.html`);
    const topic = coordinator.getByRole('article', { name: TITLE });
    await expect.poll(() => topic.getByLabel('Sitzung').inputValue()).toBe(MEETING);
    await topic.getByRole('button', { name: 'Auf die Tagesordnung' }).click();
    await coordinator.getByText(`„${TITLE}“: auf der Tagesordnung der Sitzung am`, { exact: false }).waitFor();
    await checkPage(coordinator, 'folge-02-thema-angenommen');

    // The reconciler sends the update: same UID, SEQUENCE raised, the topic in the agenda; ical.js parses it.
    await reconcileAll(h.deps);
    const updates = (await mails()).flatMap((mail) =>
      mail.attachments.filter((a) => a.contentType.startsWith('text/calendar')).map((a) => parseCalendar(a.content)).filter((ics) => ics.uid.startsWith(`${MEETING}@`) && ics.sequence === 1),
    );
    expect(updates.length).toBeGreaterThan(0);
    for (const ics of updates) {
      expect(ics.method).toBe('REQUEST');
      expect(ics.text('description')).toContain(TITLE);
    }

    // After the meeting: attendance, the discussion, a decision and an action item; saved, then released.
    await advance(3 * 3_600_000); // 12:00 in Düren
    await coordinator.goto(`${url}/termin.html?id=${MEETING}`);
    await coordinator.getByRole('link', { name: 'Protokoll', exact: true }).click();
    await coordinator.getByRole('heading', { name: /^Protokoll: Jour fixe/ }).waitFor();
    const members = coordinator.getByRole('group', { name: 'Mitglieder' }).getByRole('checkbox');
    expect(await members.count()).toBeGreaterThan(1);
    await members.first().check();
    await members.nth(1).uncheck();
    const top = coordinator.getByRole('group', { name: new RegExp(`^TOP \\d+: .*${TITLE}`) });
    await top.getByLabel('Verlauf in Kürze').fill('Der Bedarf ist in allen Kommunen gleich.');
    await top.getByRole('button', { name: 'Beschluss hinzufügen' }).click();
    await top.getByLabel('Beschluss 1').fill(DECISION);
    await top.getByRole('button', { name: 'Aufgabe hinzufügen' }).click();
    const task = top.getByRole('group', { name: 'Aufgabe 1' });
    await task.getByLabel('Was').fill(TASK);
    await task.getByLabel('Wer').selectOption({ index: 1 });
    const owner = await task.getByLabel('Wer').inputValue();
    await task.getByLabel('Bis').fill('2026-11-27'); // Friday: reminded two working days before, on Wednesday
    await coordinator.getByRole('button', { name: 'Entwurf speichern' }).click();
    await coordinator.getByText('Der Entwurf wurde gespeichert.').waitFor();
    await checkPage(coordinator, 'folge-03-protokoll-entwurf');
    await coordinator.getByRole('button', { name: 'Protokoll freigeben' }).click();
    await coordinator.getByRole('heading', { name: /Fassung 1/ }).first().waitFor();
    await checkPage(coordinator, 'folge-04-protokoll-freigegeben');

    // The next run mails the minutes to everyone invited: readable, the printable minutes attached, no calendar part.
    await reconcileAll(h.deps);
    const minutes = (await mails()).filter((m) => m.subject.startsWith('Protokoll: '));
    expect(minutes.length).toBeGreaterThan(1);
    for (const mail of minutes) {
      expect(mail.text).toContain(DECISION);
      expect(mail.attachments.map((a) => a.contentType)).toEqual(['text/html']);
      expect(mail.attachments[0]?.content).toContain(TASK);
    }
    expect(minutes.map((m) => m.to)).toContain(owner);

    // The open action item is on the next Jour fixe's agenda.
    await coordinator.goto(`${url}/termin.html?id=${NEXT}`);
    const open = coordinator.getByRole('region', { name: 'Offene Aufgaben aus früheren Sitzungen' });
    await open.getByText(TASK).waitFor();
    await checkPage(coordinator, 'folge-05-naechste-sitzung');

    // Wednesday, two working days before it is due: its owner is reminded, once.
    await advance(24 * 3_600_000);
    await reconcileAll(h.deps);
    await reconcileAll(h.deps);
    const reminders = (await mails()).filter((m) => m.subject.startsWith('Erinnerung: Aufgabe'));
    expect(reminders.map((m) => m.to)).toEqual([owner]);
    expect(reminders[0]?.text).toContain(TASK);
    await context.close();
  });
});
