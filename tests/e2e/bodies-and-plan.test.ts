/**
 * The coordination's pages for the bodies (issue 18) in a real browser against `npm start`, with axe on every state:
 * the memberships page (a member added after a mistake, a membership ended; read-only for a case manager), and the
 * annual plan (next year's Jour fixe dates by month in December, the feeds it links, the print layout).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { localDate } from '../../core/calendar/local-date.ts';
import type { MeetingRecord } from '../../core/meetings/meeting.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { defaultPlanYear, meetingsByMonth, planRange } from '../../web/annual-plan.ts';
import { germanDate, TIME_ZONE } from '../../web/dates.ts';
import { monthLabel, addDays } from '../../web/month-grid.ts';
import { checkPage, signIn } from '../fixtures/browser-checks.ts';
import { callAs, useBrowserApp } from '../fixtures/browser-app.ts';
import { eventually } from '../fixtures/eventually.ts';

const app = useBrowserApp('kim-bodies-');
const JOUR_FIXE = bundledProfile().bodies.find((b) => b.id === 'jour-fixe')?.name ?? 'Jour fixe';

async function newContext() {
  const context = await app.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  context.setDefaultTimeout(20_000);
  return context;
}

/** The texts an input is described by (its hint and, after a failed attempt, its error). */
async function describedTexts(page: Page, describedBy: string | null): Promise<string> {
  const ids = (describedBy ?? '').split(' ').filter((id) => id !== '');
  return (await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()))).join(' ');
}

describe('bodies and the annual plan in a real browser', () => {
  it('the coordination adds a member (a German error next to the field first, values kept) and ends a membership', async () => {
    const context = await newContext();
    const coordinator = await signIn(app.url, context, 'sabine-kraemer');
    await coordinator.getByRole('link', { name: 'Gremien' }).click();
    const jourFixe = coordinator.getByRole('region', { name: JOUR_FIXE });
    await jourFixe.getByRole('table', { name: `Aktuelle Mitglieder: ${JOUR_FIXE}` }).waitFor();
    // The rhythm in words, not the RRULE.
    await jourFixe.getByText('am 2. und 4. Dienstag im Monat').waitFor();
    await jourFixe.getByText('10:00–12:00 Uhr').waitFor();
    await checkPage(coordinator, 'gremien-01-koordination');

    // The mistake: an address that is a member of the Jour fixe already, with no end.
    await jourFixe.locator('summary', { hasText: 'Mitglied eintragen' }).click();
    const addForm = jourFixe.locator('details.aktion');
    await addForm.getByLabel('Name', { exact: true }).fill('Mira Jansen');
    const email = addForm.getByLabel('E-Mail-Adresse');
    await email.fill('ayse.yilmaz@traeger-a.example');
    await addForm.getByLabel('Rolle').selectOption({ label: 'Gast' });
    await addForm.getByRole('button', { name: 'Mitglied eintragen' }).click();
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    expect(await describedTexts(coordinator, await email.getAttribute('aria-describedby'))).toContain('ist in diesem Gremium im selben Zeitraum bereits Mitglied (seit 01.01.2025)');
    expect(await addForm.getByLabel('Name', { exact: true }).inputValue()).toBe('Mira Jansen');
    expect(await addForm.getByLabel('Rolle').inputValue()).toBe('guest');
    await checkPage(coordinator, 'gremien-02-fehler');

    await email.fill('mira.jansen@traeger-b.example');
    await addForm.getByRole('button', { name: 'Mitglied eintragen' }).click();
    await coordinator.getByText(`Mira Jansen ist jetzt Mitglied im Gremium „${JOUR_FIXE}“.`).waitFor();
    const current = jourFixe.getByRole('table', { name: `Aktuelle Mitglieder: ${JOUR_FIXE}` });
    await current.getByRole('row', { name: /Mira Jansen.*mira\.jansen@traeger-b\.example.*Gast/ }).waitFor();

    // Ending a membership: "bis" yesterday; it moves to the ended memberships.
    const yesterday = addDays(localDate(new Date(), TIME_ZONE), -1);
    await current.getByRole('button', { name: /^Ändern\W+Thomas Müller$/ }).click();
    const editForm = jourFixe.getByRole('region', { name: 'Mitgliedschaft von Thomas Müller ändern' });
    expect(await editForm.getByLabel('E-Mail-Adresse').inputValue()).toBe('thomas.mueller@traeger-c.example');
    await editForm.getByLabel('Mitglied bis (freiwillig)').fill(yesterday);
    await editForm.getByRole('button', { name: 'Änderung speichern' }).click();
    await coordinator.getByText(`Die Mitgliedschaft von Thomas Müller im Gremium „${JOUR_FIXE}“ wurde gespeichert.`).waitFor();
    expect(await current.getByRole('row', { name: /Thomas Müller/ }).count()).toBe(0);
    await jourFixe.locator('summary', { hasText: 'Beendete Mitgliedschaften' }).click();
    await jourFixe.getByRole('table', { name: `Beendete Mitgliedschaften: ${JOUR_FIXE}` }).getByRole('row', { name: new RegExp(`Thomas Müller.*${germanDate(yesterday).replaceAll('.', '\\.')}`) }).waitFor();
    await checkPage(coordinator, 'gremien-03-beendet');

    // From the annual plan, the coordination opens a meeting by its date.
    await coordinator.getByRole('navigation').getByRole('link', { name: 'Jahresplan' }).click();
    await coordinator.getByRole('row', { name: new RegExp(JOUR_FIXE) }).first().getByRole('link').click();
    await coordinator.getByRole('heading', { name: 'Tagesordnung' }).waitFor();
    await context.close();
  });

  it('a case manager sees the bodies and members, read only', async () => {
    const context = await newContext();
    const caseManager = await signIn(app.url, context, 'ayse-yilmaz');
    // Not in the case manager's navigation (the annual plan is), but readable.
    expect(await caseManager.getByRole('navigation').getByRole('link', { name: 'Gremien' }).count()).toBe(0);
    await caseManager.getByRole('navigation').getByRole('link', { name: 'Jahresplan' }).waitFor();
    await caseManager.goto(`${app.url}/gremien.html`);
    const jourFixe = caseManager.getByRole('region', { name: JOUR_FIXE });
    await jourFixe.getByRole('row', { name: /Ayşe Yılmaz/ }).waitFor();
    await caseManager.getByText('Mitgliedschaften trägt die Koordination ein.').waitFor();
    expect(await caseManager.getByRole('button', { name: /Ändern|Mitglied eintragen/ }).count()).toBe(0);
    expect(await caseManager.locator('summary', { hasText: 'Mitglied eintragen' }).count()).toBe(0);
    await checkPage(caseManager, 'gremien-04-lesen');
    await context.close();
  });

  it('the annual plan shows next year’s Jour fixe dates by month, links the feeds and prints without the navigation', async () => {
    const today = localDate(new Date(), TIME_ZONE);
    const year = defaultPlanYear(today);
    // What the API holds for the year, to compare with the page (the plan horizon covers the next calendar year).
    const range = planRange(year);
    const planned = await eventually(async () => {
      const answer = await callAs(app, 'sabine-kraemer', 'GET', `/api/meetings?from=${range.from}&to=${range.to}`);
      const meetings = (answer.body.meetings as MeetingRecord[] | undefined)?.filter((m) => m.bodyId === 'jour-fixe');
      return meetings !== undefined && meetings.some((m) => m.start.startsWith(`${String(year)}-12`)) ? meetings : undefined;
    }, 30_000);
    // Second and fourth Tuesday of every month.
    expect(planned.filter((m) => localDate(new Date(m.start), TIME_ZONE).startsWith(String(year)))).toHaveLength(24);

    const context = await newContext();
    const caseManager = await signIn(app.url, context, 'ayse-yilmaz');
    await caseManager.getByRole('navigation').getByRole('link', { name: 'Jahresplan' }).click();
    await caseManager.getByRole('heading', { level: 1, name: `Jahresplan ${String(year)}` }).waitFor();
    for (const { month, meetings } of meetingsByMonth(year, planned)) {
      const section = caseManager.getByRole('region', { name: monthLabel({ year, month }) });
      const rows = section.getByRole('row', { name: new RegExp(JOUR_FIXE) });
      await expect.poll(() => rows.count()).toBe(meetings.length);
      const dates = await section.getByRole('rowheader').allTextContents();
      for (const meeting of meetings) expect(dates).toContain(germanDate(localDate(new Date(meeting.start), TIME_ZONE)));
    }
    // The meeting pages are the coordination's: no links for a case manager.
    expect(await caseManager.getByRole('rowheader').getByRole('link').count()).toBe(0);
    await checkPage(caseManager, 'jahresplan-01');

    // The feeds: the Jour fixe's signed calendar (no OParl: internal), the Lenkungsgruppe's calendar and OParl list.
    const feedLink = caseManager.getByRole('link', { name: `Kalender abonnieren (${JOUR_FIXE})` });
    const feed = await fetch((await feedLink.getAttribute('href')) ?? '');
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain(`UID:jour-fixe-${String(year)}-12-`);
    expect(await caseManager.getByRole('link', { name: `OParl-Sitzungsliste (${JOUR_FIXE})` }).count()).toBe(0);
    const steering = bundledProfile().bodies.find((b) => b.id === 'steering-group')?.name ?? '';
    const oparl = await fetch((await caseManager.getByRole('link', { name: `OParl-Sitzungsliste (${steering})` }).getAttribute('href')) ?? '');
    expect(oparl.status).toBe(200);
    expect(((await oparl.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);

    // On paper: no navigation, no buttons, no subscription links; the months' tables stay.
    await caseManager.getByRole('button', { name: 'Drucken' }).waitFor();
    await caseManager.emulateMedia({ media: 'print' });
    expect(await caseManager.locator('#navigation').isVisible()).toBe(false);
    expect(await caseManager.getByRole('button', { name: 'Drucken' }).isVisible()).toBe(false);
    expect(await feedLink.isVisible()).toBe(false);
    expect(await caseManager.getByRole('region', { name: monthLabel({ year, month: 1 }) }).isVisible()).toBe(true);
    await caseManager.emulateMedia({ media: 'screen' });

    // Another year by the select; a year without a plan is said, and the default shown.
    await caseManager.getByLabel('Jahr').selectOption(String(year - 1));
    await caseManager.getByRole('button', { name: 'Anzeigen' }).click();
    await caseManager.getByRole('heading', { level: 1, name: `Jahresplan ${String(year - 1)}` }).waitFor();
    await caseManager.goto(`${app.url}/jahresplan.html?jahr=1999`);
    await caseManager.getByText(`Für „1999“ gibt es keinen Jahresplan`).waitFor();
    await caseManager.getByRole('heading', { level: 1, name: `Jahresplan ${String(year)}` }).waitFor();
    await caseManager.getByRole('region', { name: monthLabel({ year, month: 12 }) }).getByRole('row', { name: new RegExp(JOUR_FIXE) }).first().waitFor();
    await checkPage(caseManager, 'jahresplan-02-hinweis');
    await context.close();
  });
});
