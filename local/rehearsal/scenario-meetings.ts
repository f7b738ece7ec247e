/**
 * The rehearsal's meetings and gap reports: the reconciler (started as its schedule) invites; a member answers
 * through the signed link in an invitation, a calendar program reads a body's signed feed; a case manager reports
 * a gap twice, the coordination checks one, merges the other into it, puts it on the AK's agenda and records the
 * outcome; one meeting is moved, one cancelled, and the reconciler runs again (updates, the agenda item, the
 * cancellation). Later, on the rehearsal's clock, the minutes of a Jour fixe (minutesOfAJourFixe).
 */
import { simpleParser } from 'mailparser';
import { DAY_MS } from '../../core/clock.ts';
import { feedUrl } from '../../core/meetings/body-feed.ts';
import type { MinutesView } from '../../core/meetings/minutes.ts';
import { until, type ScenarioKit } from './scenario-kit.ts';

const FEED_BODY = 'jour-fixe';
const GAP_BODY = 'ak-migration';

async function reconcile(kit: ScenarioKit): Promise<void> {
  await kit.runToEnd(await kit.rehearsal.runSchedule('meetings/ReconcileSchedule'));
}

/** The accept link of an invitation in the outbox (what a member clicks). */
async function rsvpLink(kit: ScenarioKit): Promise<URL> {
  const { outbox } = kit.rehearsal.runtime;
  return until('Einladung mit Antwort-Link', async () => {
    for (const mail of outbox.list()) {
      const parsed = await simpleParser(outbox.read(mail.messageId) ?? Buffer.alloc(0));
      const href = /https?:\/\/\S+\/api\/rsvp\?token=[A-Za-z0-9._%-]+/.exec(parsed.text ?? '')?.[0];
      if (href !== undefined) return new URL(href);
    }
    return undefined;
  });
}

async function answerInvitation(kit: ScenarioKit): Promise<void> {
  const link = await rsvpLink(kit);
  const page = await fetch(link);
  if (page.status !== 200) throw new Error(`Antwort-Link: HTTP ${String(page.status)}: ${await page.text()}`);
  const answered = await fetch(new URL('/api/rsvp', link), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: link.searchParams.get('token') ?? '' }).toString(),
  });
  if (answered.status !== 200) throw new Error(`Antwort auf die Einladung: HTTP ${String(answered.status)}: ${await answered.text()}`);
  const feed = await fetch(feedUrl(kit.rehearsal.runtime.endpoints.app, FEED_BODY, kit.rehearsal.linkSecret));
  if (feed.status !== 200 || !(await feed.text()).includes('BEGIN:VCALENDAR')) throw new Error(`Kalender des Gremiums ${FEED_BODY}: HTTP ${String(feed.status)}`);
}

/** The public OParl feed as the council portal reads it: the published bodies' meetings, then one meeting. */
async function oparlMeeting(kit: ScenarioKit): Promise<void> {
  const listed = await kit.call('OParl: Sitzungen', 200, 'GET', `/oparl/v1/body/${kit.deps.profile.district.id}/meetings`, 'coordinator');
  const [first] = (listed.data as { id: string }[] | undefined) ?? [];
  if (first === undefined) throw new Error(`OParl nennt keine Sitzung: ${JSON.stringify(listed)}`);
  await kit.call('OParl: eine Sitzung', 200, 'GET', new URL(first.id).pathname, 'coordinator');
}

async function gapReports(kit: ScenarioKit): Promise<void> {
  const manager = kit.staff('casemanager').id;
  const gap = { reason: 'service-capacity', municipalityId: 'dueren', needCategory: 'language' };
  const first = await kit.call('Bedarfsmeldung', 201, 'POST', '/api/gap-reports', manager, { ...gap, text: 'Integrationskurse in Düren bis zum Sommer ausgebucht.' });
  const again = await kit.call('Bedarfsmeldung', 201, 'POST', '/api/gap-reports', manager, { ...gap, text: 'Kein freier Platz im Integrationskurs vor Juni.' });
  const id = String(first.gapReportId);
  const review = (what: string, body: Record<string, unknown>) => kit.call(what, 200, 'POST', `/api/gap-reports/${id}/review`, 'coordinator', body);
  await review('Bedarfsmeldung annehmen', { action: 'accept', version: 1 });
  await kit.call('Bedarfsmeldungen zusammenführen', 200, 'POST', `/api/gap-reports/${String(again.gapReportId)}/review`, 'coordinator', { action: 'merge', targetId: id });
  await review('Bedarfsmeldung an das Gremium', { action: 'route', bodyId: GAP_BODY });
  await review('Ergebnis der Bedarfsmeldung', { action: 'outcome', outcome: 'forwarded-to-steering-group', text: 'Der AK gibt die Lücke an die Lenkungsgruppe weiter.', close: true });
}

/** Jour fixe topics: two proposed, one put on the next Jour fixe (topic and agenda item in one transaction), one declined. */
async function topics(kit: ScenarioKit): Promise<void> {
  const manager = kit.staff('casemanager').id;
  const propose = (title: string) => kit.call('Themenvorschlag', 201, 'POST', '/api/topics', manager, { title, text: 'Bitte im Jour fixe besprechen.' });
  const accepted = await propose('Wartezeiten bei der Ausländerbehörde');
  const declined = await propose('Dolmetschkosten bei Arztterminen');
  await kit.call('Eigene Themenvorschläge', 200, 'GET', '/api/topics?mine=true', manager);
  await kit.call('Themenvorschläge (Koordination)', 200, 'GET', '/api/topics?status=proposed', 'coordinator');
  await kit.call('Thema auf die Tagesordnung', 200, 'POST', `/api/topics/${String(accepted.topicId)}/accept`, 'coordinator', { version: 1 });
  await kit.call('Thema ablehnen', 200, 'POST', `/api/topics/${String(declined.topicId)}/decline`, 'coordinator', { reason: 'Wird im AK Migration besprochen.', version: 1 });
}

/** The annual plan as any member of staff reads it: the bodies with their signed feed links (the link key) and next year's meetings. */
async function annualPlan(kit: ScenarioKit): Promise<void> {
  const manager = kit.staff('casemanager').id;
  await kit.call('Gremien mit Kalender-Abos', 200, 'GET', '/api/bodies', manager);
  const next = Number(kit.today().slice(0, 4)) + 1;
  await kit.call('Jahresplan', 200, 'GET', `/api/meetings?from=${String(next - 1)}-12-31&to=${String(next + 1)}-01-01`, manager);
}

export async function meetingsAndGapReports(kit: ScenarioKit): Promise<void> {
  await reconcile(kit);
  await answerInvitation(kit);
  await oparlMeeting(kit);
  await gapReports(kit);
  await topics(kit);
  await annualPlan(kit);
  const today = kit.today();
  const listed = await kit.call('Sitzungen', 200, 'GET', `/api/meetings?from=${today}&to=${kit.today(60)}`, 'coordinator');
  const meetings = (listed.meetings as { meetingId: string; ruleDate: string }[] | undefined) ?? [];
  const [moved, cancelled] = meetings.filter((m) => m.ruleDate > today);
  if (moved === undefined || cancelled === undefined) throw new Error(`Zu wenige künftige Sitzungen: ${JSON.stringify(listed)}`);
  await kit.call('Verschieben', 200, 'POST', `/api/meetings/${moved.meetingId}/reschedule`, 'coordinator', { date: moved.ruleDate, time: '09:00' });
  await kit.call('Absagen', 200, 'POST', `/api/meetings/${cancelled.meetingId}/cancel`, 'coordinator');
  await reconcile(kit);
  kit.log(`Sitzungen: eingeladen, eine Zusage über den Link, Kalender abonniert, ${moved.meetingId} verschoben, ${cancelled.meetingId} abgesagt.`);
  kit.log('Bedarfsmeldungen: zwei gemeldet, angenommen, zusammengeführt, an den AK Migration gegeben, Ergebnis eingetragen.');
  kit.log('Themen für den Jour fixe: zwei vorgeschlagen, eines auf die Tagesordnung der nächsten Sitzung gesetzt, eines abgelehnt.');
}

const addDays = (day: string, days: number): string => new Date(Date.parse(`${day}T12:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The next scheduled Jour fixe that has not begun yet (the meetings part may have moved or cancelled one). */
async function nextJourFixe(kit: ScenarioKit): Promise<{ meetingId: string; start: string }> {
  const now = kit.rehearsal.clock.now().toISOString();
  const listed = await kit.call('Sitzungen des Jour fixe', 200, 'GET', `/api/meetings?body=${FEED_BODY}&from=${kit.today()}&to=${kit.today(60)}`, 'coordinator');
  const meetings = (listed.meetings as { meetingId: string; start: string; status: string }[] | undefined) ?? [];
  const [next] = meetings.filter((m) => m.status === 'scheduled' && m.start > now).sort((a, b) => a.start.localeCompare(b.start));
  if (next === undefined) throw new Error(`Kein künftiger Jour fixe: ${JSON.stringify(listed)}`);
  return next;
}

/** Until the outbox holds a mail whose subject starts so, to `to` if given. */
const mailed = (kit: ScenarioKit, subject: string, to?: string) =>
  until(`Mail „${subject}“`, () => {
    const found = kit.rehearsal.runtime.outbox.list().some((m) => m.subject.startsWith(subject) && (to === undefined || m.recipients.includes(to)));
    return Promise.resolve(found ? true : undefined);
  });

/**
 * The minutes of the next Jour fixe: the coordination saves a draft (a decision, an action item due the day after —
 * its reminder is due at once — and one due in four weeks), the clock moves a day at a time past the meeting's
 * start, the release; the reconciler mails the edition to everyone invited and reminds the first item's owner. A
 * correction strikes that item (edition 2, mailed too), and the other one is marked done.
 */
/** The draft and owners of the minutes as the coordination reads them. */
function kept(view: MinutesView): Required<Pick<MinutesView, 'draft' | 'owners'>> {
  if (view.draft === undefined || view.owners === undefined) throw new Error(`Protokoll ${view.meeting.meetingId} ohne Entwurf für die Koordination`);
  return { draft: view.draft, owners: view.owners };
}

export async function minutesOfAJourFixe(kit: ScenarioKit): Promise<void> {
  const { meetingId, start } = await nextJourFixe(kit);
  const path = `/api/meetings/${meetingId}/minutes`;
  await kit.call('Tagesordnungspunkt', 200, 'POST', `/api/meetings/${meetingId}/agenda`, 'coordinator', { title: 'Dolmetschen in den Beratungen' });
  const fresh = kept((await kit.call('Protokoll', 200, 'GET', path, 'coordinator')) as unknown as MinutesView);
  const item = fresh.draft.items.find((i) => i.title === 'Dolmetschen in den Beratungen');
  const owner = fresh.owners[0]?.email;
  if (item === undefined || owner === undefined) throw new Error(`Protokoll von ${meetingId} ohne den Tagesordnungspunkt oder ohne Mitglieder: ${JSON.stringify(fresh)}`);
  const meetingDay = kit.deps.calendar.localDate(new Date(start));
  const soon = { what: 'Liste der Dolmetscher*innen aktualisieren', ownerEmail: owner, due: addDays(meetingDay, 1) };
  const later = { what: 'Kosten der Dolmetscheinsätze zusammenstellen', ownerEmail: owner, due: addDays(meetingDay, 28) };
  const draft = kept((await kit.call('Protokollentwurf', 200, 'PUT', path, 'coordinator', {
    version: 0,
    attendance: fresh.draft.attendance.map((a) => ({ email: a.email, present: true })),
    items: [{ itemId: item.itemId, discussion: 'Die Wartezeiten auf Dolmetscher*innen wurden erörtert.', decisions: [{ text: 'Die Koordination führt eine gemeinsame Liste.' }], actionItems: [soon, later] }],
  })) as unknown as MinutesView);

  while (kit.rehearsal.clock.now().getTime() < Date.parse(start) + 3_600_000) await kit.advanceAndSettle(Math.min(DAY_MS, Date.parse(start) + 3_600_000 - kit.rehearsal.clock.now().getTime()));
  await kit.call('Protokoll freigeben', 200, 'POST', `${path}/release`, 'coordinator', { version: draft.draft.version });
  await reconcile(kit);
  await mailed(kit, 'Protokoll:');
  await mailed(kit, 'Erinnerung: Aufgabe', owner);

  const released = kept((await kit.call('Protokoll', 200, 'GET', path, 'coordinator')) as unknown as MinutesView);
  const saved = released.draft.items.find((i) => i.itemId === item.itemId);
  const open = saved?.actionItems.find((a) => a.what === later.what);
  if (saved === undefined || open === undefined) throw new Error(`Freigegebenes Protokoll von ${meetingId} ohne seine Aufgaben: ${JSON.stringify(released)}`);
  await kit.call('Berichtigung speichern', 200, 'PUT', path, 'coordinator', {
    version: released.draft.version,
    attendance: [],
    items: [{ itemId: saved.itemId, discussion: saved.discussion, decisions: saved.decisions, actionItems: [{ actionId: open.actionId, what: open.what, ownerEmail: open.owner.email, due: open.due }] }],
  });
  await kit.call('Berichtigung freigeben', 200, 'POST', `${path}/release`, 'coordinator', { version: released.draft.version + 1, correctionNote: 'Die Liste führt bereits die Koordination.' });
  await reconcile(kit);
  await mailed(kit, 'Berichtigtes Protokoll (Fassung 2)');
  await kit.call('Aufgabe erledigt', 200, 'POST', `/api/meetings/${meetingId}/actions/${open.actionId}/done`, 'coordinator');
  kit.log(`Protokoll ${meetingId}: Entwurf, Freigabe, Versand und Erinnerung, Berichtigung (eine Aufgabe gestrichen), eine Aufgabe erledigt.`);
}
