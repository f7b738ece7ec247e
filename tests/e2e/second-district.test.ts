/**
 * A second district end to end: `npm start` with the profile of a made-up Landkreis Heidmoor in Lower Saxony
 * (KIM_PROFILE, with its demo people in KIM_DEMO_DATA) runs intake, assignment, assessment with consent, the
 * referral mail and the service's answer, closure, the KPI report, the bodies' invitations with their calendar
 * files, the calendar feed and the OParl feed — and nothing anyone sees (pages and their scripts, mails with their
 * attachments, reports, feeds, the Cognito mails) names Düren or anything only the Düren profile has.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { localDate } from '../../core/calendar/local-date.ts';
import { feedUrl } from '../../core/meetings/body-feed.ts';
import { loadProfileFile } from '../../core/profile/load-profile.ts';
import { accountMessages } from '../../core/staff/account-messages.ts';
import { localLinkSecret } from '../../local/auth/create-once.ts';
import { loadDemoData } from '../../local/demo/load-demo-data.ts';
import { callAs, signedInPage, tokenOf, useBrowserApp } from '../fixtures/browser-app.ts';
import { eventually } from '../fixtures/eventually.ts';
import { freePorts, npmStart } from '../fixtures/npm-start.ts';
import { findForbidden, forbiddenTerms, SECOND_DISTRICT_DEMO_DATA_PATH, SECOND_DISTRICT_PROFILE_PATH } from '../fixtures/second-district/second-district.ts';
import { crawlOparl, mailText, outboxMails, SeenTexts } from '../fixtures/second-district/seen-texts.ts';

const profile = loadProfileFile(SECOND_DISTRICT_PROFILE_PATH);
const demo = loadDemoData(profile, SECOND_DISTRICT_DEMO_DATA_PATH);
const DISTRICT = profile.district.name;
const FORBIDDEN = forbiddenTerms(profile);
const INTAKE = 'mara-lindqvist';
const COORDINATOR = 'henrik-brandt';

const app = useBrowserApp('kim-second-district-', { KIM_PROFILE: SECOND_DISTRICT_PROFILE_PATH, KIM_DEMO_DATA: SECOND_DISTRICT_DEMO_DATA_PATH });

const nameOf = (personId: string): string => demo.staff.find((person) => person.id === personId)?.name ?? personId;

type Detail = { case?: { stage?: string; caseManagerId?: string }; referrals?: { referralId: string; status: string }[] };
const detail = async (caseId: string): Promise<Detail> => (await callAs(app, COORDINATOR, 'GET', `/api/cases/${caseId}`)).body;

/** A GET as the coordinator (or without sign-in), its answer as text. */
async function text(path: string, signedIn = true): Promise<string> {
  const headers: Record<string, string> = signedIn ? { authorization: `Bearer ${await tokenOf(app, COORDINATOR)}` } : {};
  const response = await fetch(path.startsWith('http') ? path : `${app.url}${path}`, { headers });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${path}: ${String(response.status)} ${body}`);
  return body;
}

const linkIn = (mail: ParsedMail, path: string): string | undefined => {
  const link = new RegExp(`https?://\\S+${path}\\?token=[A-Za-z0-9._%-]+`).exec(mail.text ?? '')?.[0];
  return link === undefined ? undefined : `${app.url}${new URL(link).pathname}${new URL(link).search}`;
};

describe('a second district', () => {
  it('finds a Düren word when one is there: the scan itself can fail', () => {
    expect(FORBIDDEN).toEqual(expect.arrayContaining(['Düren', 'Dueren', 'Merzenich', 'Jülich', 'traeger-a', 'Freier Träger A (Platzhalter)', 'jour-fixe', 'Nordrhein-Westfalen', 'NRW']));
    // Düren's state: its name, its law and its data protection authority (the profile's district.dataProtection).
    expect(findForbidden('i. V. m. dem Teilhabe- und Integrationsgesetz NRW', FORBIDDEN)).toContain('NRW');
    expect(findForbidden('bei der Landesbeauftragten für Datenschutz und Informationsfreiheit Nordrhein-Westfalen beschweren', FORBIDDEN)).toContain('Nordrhein-Westfalen');
    expect(findForbidden('Termin in Merzenich, Absender kim@kreis-dueren.example', FORBIDDEN)).toEqual(expect.arrayContaining(['Merzenich', 'Dueren']));
    expect(findForbidden('Vermittlung an: Kommunales Integrationszentrum KREIS DÜREN', FORBIDDEN)).toContain('Düren');
    // Whole words only: the Düren municipality Inden is not in "finden", Titz not in "Titzelmann", the body id
    // steering-group not in the gap outcome forwarded-to-steering-group.
    expect(findForbidden('Sie finden uns bei Frau Titzelmann in Lindenhorst.', FORBIDDEN)).toEqual([]);
    expect(findForbidden('forwarded-to-steering-group', FORBIDDEN)).toEqual([]);
    expect(findForbidden('{"bodyId":"steering-group"}', FORBIDDEN)).toEqual(['steering-group']);
    // Nothing the second profile itself says is forbidden.
    expect(findForbidden(JSON.stringify(profile), FORBIDDEN)).toEqual([]);
  });

  it('stops at once, in German, when the demo people are those of another profile', async () => {
    const started = npmStart({ KIM_DATA_DIR: mkdtempSync(join(tmpdir(), 'kim-second-district-')), ...(await freePorts()), KIM_PROFILE: SECOND_DISTRICT_PROFILE_PATH });
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain('Die Demo-Daten sind ungültig');
    expect(started.output()).toMatch(/staff\[\d+\]\.providerId: „traeger-a“ ist kein Träger des Profils \(Träger: verbund-nord, /);
  });

  it('runs the whole flow with its own profile and shows nothing of Düren anywhere', async () => {
    const seen = new SeenTexts();
    const today = localDate(new Date(), profile.district.timeZone);
    const context = await app.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    context.setDefaultTimeout(20_000);
    seen.watchScripts(context);

    // The sign-in page lists the district's demo people; the intake page is built from its profile.
    const signInPage = await context.newPage();
    await signInPage.goto(`${app.url}/anmelden`);
    await seen.page(signInPage, 'Anmelden');
    await signInPage.getByRole('button', { name: `Anmelden als ${nameOf(INTAKE)}` }).click();
    await signInPage.waitForURL((url) => url.pathname !== '/anmelden');
    const intake = signInPage;
    await intake.goto(`${app.url}/`);
    await seen.page(intake, 'Erstaufnahme');
    await intake.getByLabel('Familienname').fill('Nasser');
    await intake.getByLabel('Geburtsdatum').fill('1991-05-06');
    await intake.getByLabel('Staatsangehörigkeit').selectOption('SY');
    await intake.getByRole('checkbox', { name: 'Arabisch' }).check();
    await intake.getByLabel('Kommune').selectOption({ label: 'Birkenfelde' });
    await intake.getByLabel('Aufenthaltsstatus').selectOption('protection');
    await intake.getByLabel('Ankunft in Deutschland').fill('2026-10-01');
    await intake.getByRole('radio', { name: /Ankommensberatung/ }).check();
    await intake.getByRole('checkbox', { name: 'Wohnen' }).check();
    await intake.getByRole('checkbox', { name: 'Sprache und Integrationskurs' }).check();
    await intake.getByRole('checkbox', { name: /willigt ein/ }).check();
    await intake.getByRole('button', { name: 'Angaben prüfen' }).click();
    await intake.getByRole('button', { name: 'Verbindlich absenden' }).waitFor();
    await seen.page(intake, 'Erstaufnahme prüfen');
    // The API's answer, so a refusal fails here with its message instead of as a missing case number.
    const [saved] = await Promise.all([
      intake.waitForResponse((response) => new URL(response.url()).pathname === '/api/intakes'),
      intake.getByRole('button', { name: 'Verbindlich absenden' }).click(),
    ]);
    expect(saved.status(), await saved.text()).toBe(202);
    const caseId = (await intake.locator('#fallnummer').textContent({ timeout: 15_000 }))?.trim() ?? '';
    expect(caseId).toMatch(/^KIM-/);
    await seen.page(intake, 'Erstaufnahme gespeichert');

    // Triage assigns a case manager of a provider of this district.
    const manager = await eventually(async () => {
      const found = await detail(caseId);
      return found.case?.stage === 'awaiting-assessment' ? found.case.caseManagerId : undefined;
    }, 30_000);
    expect(demo.staff.find((person) => person.id === manager)?.providerId).toBe('verbund-nord');

    // The assessment with consent to the language course; housing has no service and becomes a gap report.
    const casePage = await signedInPage(app, nameOf(manager));
    seen.watchScripts(casePage.context());
    await casePage.goto(`${app.url}/fall.html?id=${caseId}`);
    await casePage.getByRole('button', { name: 'Einschätzung speichern' }).waitFor();
    await seen.page(casePage, 'Fall vor der Einschätzung');
    await casePage.getByRole('checkbox', { name: 'Wohnen' }).first().check();
    await casePage.getByRole('checkbox', { name: 'Sprache und Integrationskurs' }).check();
    await casePage.getByRole('radio', { name: 'Volkshochschule Heidmoor – Sprachkurse' }).check();
    await casePage.getByRole('checkbox', { name: /Einwilligung.*Volkshochschule Heidmoor/ }).check();
    await casePage.getByRole('button', { name: 'Einschätzung speichern' }).click();
    await casePage.getByText(/Einschätzung gespeichert/).waitFor({ timeout: 15_000 });
    await seen.page(casePage, 'Fall nach der Einschätzung');
    for (const language of ['de', 'ar']) {
      await casePage.goto(`${app.url}/einwilligung.html?fall=${caseId}&stelle=vhs-heidmoor&sprache=${language}`);
      await expect.poll(() => casePage.content()).toContain('Volkshochschule Heidmoor – Sprachkurse');
      await seen.page(casePage, `Einwilligungsformular ${language}`);
    }

    // The referral mail to the service, and the service's answer through its link.
    await eventually(async () => ((await detail(caseId)).referrals?.some((r) => r.status === 'sent') === true ? true : undefined), 30_000);
    const referralMail = await eventually(async () => (await outboxMails(app.url)).find((mail) => mail.subject?.includes(caseId) === true), 15_000);
    const answerLink = linkIn(referralMail, '/api/referral-answer');
    if (answerLink === undefined) throw new Error(`no answer link in ${referralMail.text ?? ''}`);
    const service = await (await app.browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' })).newPage();
    seen.watchScripts(service.context());
    await service.goto(answerLink);
    await service.getByRole('heading', { name: 'Rückmeldung zur Vermittlung' }).waitFor();
    await seen.page(service, 'Rückmeldung der Stelle');
    await service.getByLabel('Abgeschlossen – die Beratung hat stattgefunden').check();
    await service.getByRole('button', { name: 'Rückmeldung senden' }).click();
    await service.getByRole('heading', { name: 'Danke für Ihre Rückmeldung' }).waitFor();
    await seen.page(service, 'Rückmeldung gespeichert');
    await service.context().close();

    // Closure, then the case as the coordination reads it.
    await eventually(async () => ((await detail(caseId)).case?.stage === 'monitoring' ? true : undefined), 30_000);
    const closed = await callAs(app, manager, 'POST', `/api/cases/${caseId}/close`, { closureReason: 'goals-achieved' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    await eventually(async () => ((await detail(caseId)).case?.stage === 'closed' ? true : undefined), 30_000);
    const coordinator = await signedInPage(app, nameOf(COORDINATOR));
    seen.watchScripts(coordinator.context());
    await coordinator.goto(`${app.url}/fall.html?id=${caseId}`);
    await coordinator.getByRole('heading', { name: /Vermittlungen/ }).waitFor();
    await seen.page(coordinator, 'Fall abgeschlossen');
    // The access export names the supervisory authority of the district's state, as the page and as the JSON file.
    await coordinator.goto(`${app.url}/auskunft.html?fall=${caseId}`);
    await coordinator.getByRole('heading', { name: 'Ihre Rechte' }).waitFor();
    expect(await coordinator.locator('main').textContent()).toContain(profile.district.dataProtection.supervisoryAuthority.name);
    await seen.page(coordinator, 'Auskunft');
    seen.add('Auskunft JSON', await text(`/api/cases/${caseId}/export?format=json`));
    await coordinator.goto(`${app.url}/faelle.html`);
    await coordinator.getByRole('heading', { level: 1 }).waitFor();
    await seen.page(coordinator, 'Fälle');
    await coordinator.goto(`${app.url}/meldungen.html`);
    await expect.poll(() => coordinator.content()).toContain('Birkenfelde');
    await seen.page(coordinator, 'Bedarfsmeldungen');

    // The KPI report: the page and the CSV for the partners.
    await coordinator.goto(`${app.url}/kennzahlen.html`);
    await coordinator.getByRole('button', { name: 'Kennzahlen anzeigen' }).click();
    await coordinator.locator('#bericht table').first().waitFor();
    await seen.page(coordinator, 'Kennzahlen');
    const period = `from=${today.slice(0, 4)}-01-01&to=${today}`;
    seen.add('Kennzahlen CSV', await text(`/api/reports/kpi?${period}&format=csv&export=true`));
    seen.add('Kennzahlen JSON', await text(`/api/reports/kpi?${period}`));
    await coordinator.goto(`${app.url}/verarbeitungsverzeichnis.html`);
    await expect.poll(() => coordinator.content()).toContain(profile.district.coordination.name);
    await seen.page(coordinator, 'Verarbeitungsverzeichnis');

    // The bodies: the meeting pages, a meeting's calendar file, the invitations the start-up reconciler sent.
    await coordinator.goto(`${app.url}/termine.html`);
    const meetingLink = coordinator.getByRole('link', { name: /Fallkonferenz Integration/ }).first();
    await meetingLink.waitFor({ timeout: 15_000 });
    await seen.page(coordinator, 'Termine');
    await meetingLink.click();
    await coordinator.getByRole('heading', { name: 'Tagesordnung' }).waitFor();
    await seen.page(coordinator, 'Termin');
    const meetingId = new URL(coordinator.url()).searchParams.get('id') ?? '';
    const inviteIcs = await text(`/api/meetings/${encodeURIComponent(meetingId)}/invite.ics`);
    expect(inviteIcs).toContain('BEGIN:VCALENDAR');
    seen.add('Kalenderdatei einer Sitzung', inviteIcs);
    const invitations = await eventually(async () => {
      const found = (await outboxMails(app.url)).filter((mail) => mail.attachments.some((a) => a.contentType.startsWith('text/calendar')));
      return found.length > 0 ? found : undefined;
    }, 30_000);
    const rsvpLink = invitations.map((mail) => linkIn(mail, '/api/rsvp')).find((link) => link !== undefined);
    if (rsvpLink === undefined) throw new Error('no RSVP link in the invitations');
    const rsvp = await context.newPage();
    await rsvp.goto(rsvpLink);
    await seen.page(rsvp, 'Antwort auf die Einladung');
    seen.add('Kalender-Abo der Fallkonferenz', await text(feedUrl(app.url, 'fallkonferenz', localLinkSecret(app.dataDir)), false));
    const oparl = await crawlOparl(app.url);
    for (const [url, answer] of oparl) seen.add(`OParl ${url}`, answer);
    expect([...oparl.values()].join('\n')).toContain('Steuerungsrunde Integration Heidmoor');

    // What else the district shows: the outbox page and every mail in it, the public profile, the API's description,
    // and the mails Cognito sends staff in AWS.
    await coordinator.goto(`${app.url}/outbox`);
    await seen.page(coordinator, 'Postausgang');
    const mails = await outboxMails(app.url);
    for (const mail of mails) seen.add(`E-Mail „${mail.subject ?? ''}“ an ${mail.to === undefined ? '' : [mail.to].flat().map((a) => a.text).join(', ')}`, mailText(mail));
    seen.add('profile.json', await text('/profile.json', false));
    seen.add('OpenAPI', await text('/api/openapi.json', false));
    const cognito = accountMessages(profile.district, app.url);
    seen.add('Cognito-Einladung', `${cognito.invitation.subject}\n${cognito.invitation.body}`);
    seen.add('Cognito-Bestätigungscode', `${cognito.verification.subject}\n${cognito.verification.body}`);
    await context.close();
    await casePage.context().close();
    await coordinator.context().close();

    const texts = await seen.settled();
    const leaks = [...texts].flatMap(([where, seenText]) => findForbidden(seenText, FORBIDDEN).map((term) => `${where}: ${term}`));
    expect(leaks).toEqual([]);
    // The district is named where it belongs, in every mail (the sender is its coordination) and in the reports.
    const named = (where: string): boolean => (texts.get(where) ?? '').includes(DISTRICT);
    for (const where of ['Cognito-Einladung', 'Seite Einwilligungsformular de', 'Kennzahlen CSV', 'Seite Verarbeitungsverzeichnis', 'Seite Auskunft', 'profile.json']) expect(named(where), where).toBe(true);
    expect(texts.get('Seite Verarbeitungsverzeichnis')).toContain(profile.district.dataProtection.legalBasis);
    expect(mails.length).toBeGreaterThan(invitations.length);
    for (const mail of mails) expect(mailText(mail), mail.subject).toContain(DISTRICT);
    expect(texts.size).toBeGreaterThan(30);
  });
});
