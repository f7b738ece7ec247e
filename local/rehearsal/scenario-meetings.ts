/**
 * The rehearsal's meetings and gap reports: the reconciler (started as its schedule) invites; a member answers
 * through the signed link in an invitation, a calendar program reads a body's signed feed; a case manager reports
 * a gap twice, the coordination checks one, merges the other into it, puts it on the AK's agenda and records the
 * outcome; one meeting is moved, one cancelled, and the reconciler runs again (updates, the agenda item, the
 * cancellation).
 */
import { simpleParser } from 'mailparser';
import { feedUrl } from '../../core/meetings/body-feed.ts';
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
