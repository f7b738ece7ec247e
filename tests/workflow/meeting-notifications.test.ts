/**
 * The meeting-notifications state machine and the meeting API, on the real system (local engine, DynamoDB Local,
 * outbox): invitations go out once, updates raise SEQUENCE under the same UID, cancellations reach those who held
 * the entry, new members get future meetings only, RSVP answers are recorded, a reminder goes once per meeting,
 * recipient and start, and the calendar feed checks its signature before it tells whether a body exists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { simpleParser } from 'mailparser';
import { recipientHash, tableKeys } from '../../core/adapters/table-keys.ts';
import { reconcileAll } from '../../core/meetings/reconcile-all.ts';
import { feedToken, feedUrl } from '../../core/meetings/body-feed.ts';
import { eventually } from '../fixtures/eventually.ts';
import { WorkflowHarness } from '../fixtures/workflow-harness.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MACHINE = 'arn:aws:states:eu-central-1:000000000000:stateMachine:meeting-notifications';

interface Received {
  id: string;
  to: string;
  subject: string;
  method?: string;
  uid?: string;
  sequence?: number;
  html: string;
}

describe('meeting notifications', () => {
  const h = new WorkflowHarness();
  beforeAll(async () => {
    await h.start();
  });
  afterAll(async () => {
    await h.stop();
  });

  async function mails(): Promise<Received[]> {
    return Promise.all(
      h.outbox.list().map(async (entry) => {
        const parsed = await simpleParser(h.outbox.read(entry.messageId) ?? Buffer.alloc(0));
        const ics = parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'))?.content.toString('utf8') ?? '';
        const field = (name: string): string | undefined => new RegExp(`^${name}[:;](?:[^:\\r\\n]*:)?(.*)$`, 'm').exec(ics)?.[1]?.trim();
        const method = field('METHOD');
        const uid = field('UID');
        const sequence = field('SEQUENCE');
        return {
          id: entry.messageId,
          to: entry.recipients.join(','),
          subject: entry.subject,
          ...(method === undefined ? {} : { method }),
          ...(uid === undefined ? {} : { uid }),
          ...(sequence === undefined ? {} : { sequence: Number(sequence) }),
          html: typeof parsed.html === 'string' ? parsed.html : '',
        };
      }),
    );
  }
  const runMachine = async (name: string): Promise<void> => {
    const { executionArn } = h.engine.startExecution(MACHINE, name, '{}');
    const done = await eventually(() => (h.engine.describeExecution(executionArn).status === 'RUNNING' ? undefined : h.engine.describeExecution(executionArn)), 30_000);
    expect(done.status).toBe('SUCCEEDED');
  };
  const reconcileDeps = () => h.deps;
  const jourFixeMembers = (day: string) => h.demo.members.filter((m) => m.bodyId === 'jour-fixe' && m.from <= day && (m.to === undefined || m.to >= day));
  const key = (m: Received) => `${m.to}|${m.subject}|${m.method ?? ''}|${String(m.sequence ?? '')}`;
  const of = (all: Received[], meetingId: string) => all.filter((m) => m.uid?.startsWith(`${meetingId}@`) === true);

  it('sends the invitations that are due, each once, also when run twice or twice at once', async () => {
    // Tuesday 2026-11-24, 09:00 in Düren: today's Jour fixe (10:00) is due, the one on 8 December not yet (14 days).
    await runMachine('first');
    const first = await mails();
    const today = of(first, 'jour-fixe-2026-11-24').filter((m) => m.method === 'REQUEST');
    expect(today.map((m) => m.to).sort()).toEqual(jourFixeMembers('2026-11-24').map((m) => m.email).sort());
    expect(today.every((m) => m.sequence === 0 && m.subject.startsWith('Einladung'))).toBe(true);
    expect(of(first, 'jour-fixe-2026-12-08')).toEqual([]);
    expect(new Set(first.map(key)).size).toBe(first.length);

    await runMachine('second');
    expect((await mails()).length).toBe(first.length);

    // A week on, 8 December comes into its window; three runs at once send each invitation once.
    await h.clock.advance(7 * DAY);
    await Promise.all([reconcileAll(reconcileDeps()), reconcileAll(reconcileDeps()), runMachine('third')]);
    const after = await mails();
    expect(new Set(after.map(key)).size).toBe(after.length);
    expect(of(after, 'jour-fixe-2026-12-08').filter((m) => m.method === 'REQUEST').map((m) => m.to).sort()).toEqual(jourFixeMembers('2026-12-08').map((m) => m.email).sort());
  });

  it('sends updates with a raised SEQUENCE under the same UID, and CANCEL when the meeting is cancelled', async () => {
    const path = '/api/meetings/jour-fixe-2026-12-08';
    const rescheduled = await h.api('POST', `${path}/reschedule`, 'coordinator', { date: '2026-12-07', time: '09:00' });
    expect(rescheduled.status, JSON.stringify(rescheduled.body)).toBe(200);
    expect(rescheduled.body.sequence).toBe(1);
    expect((await h.api('POST', `${path}/reschedule`, 'casemanager', { date: '2026-12-07', time: '09:00' })).status).toBe(403);
    expect((await h.api('POST', `${path}/reschedule`, 'coordinator', { date: '2026-12-05', time: '09:00' })).status).toBe(400);
    const friday = await h.api('POST', `${path}/reschedule`, 'coordinator', { date: '2026-12-04', time: '12:00' });
    expect(friday.body.errors).toEqual([{ field: 'time', message: 'die Sitzung (120 Minuten) liegt nicht in den Dienstzeiten dieses Tages' }]);

    await reconcileAll(reconcileDeps());
    const members = jourFixeMembers('2026-12-08').length;
    const updates = of(await mails(), 'jour-fixe-2026-12-08').filter((m) => m.sequence === 1);
    expect(updates.length).toBe(members);
    expect(updates.every((m) => m.method === 'REQUEST' && m.subject.startsWith('Geänderte Einladung'))).toBe(true);

    expect((await h.api('POST', `${path}/cancel`, 'coordinator')).status).toBe(200);
    await reconcileAll(reconcileDeps());
    const cancels = of(await mails(), 'jour-fixe-2026-12-08').filter((m) => m.method === 'CANCEL');
    expect(cancels.length).toBe(members);
    expect(cancels.every((m) => m.sequence === 2)).toBe(true);
  });

  it('invites a new member to future meetings only, and cancels for a member who leaves', async () => {
    await h.clock.advance(8 * DAY); // Wednesday 9 December: the Jour fixe of 22 December is due
    await reconcileAll(reconcileDeps());
    const leaving = jourFixeMembers('2026-12-22')[0];
    if (leaving === undefined) throw new Error('no Jour fixe member');
    expect(of(await mails(), 'jour-fixe-2026-12-22').filter((m) => m.to === leaving.email && m.method === 'REQUEST')).toHaveLength(1);

    const joined = await h.api('POST', '/api/bodies/jour-fixe/members', 'coordinator', { name: 'Neue Kollegin', email: 'neu@traeger-a.example', roleId: 'case-manager', from: '2027-01-01' });
    expect(joined.status, JSON.stringify(joined.body)).toBe(201);
    const { bodyId: _b, id: memberId, ...rest } = leaving;
    expect((await h.api('PUT', `/api/bodies/jour-fixe/members/${memberId}`, 'coordinator', { ...rest, to: '2026-12-15' })).status).toBe(200);

    await reconcileAll(reconcileDeps());
    expect((await mails()).filter((m) => m.to === 'neu@traeger-a.example')).toEqual([]);
    expect(of(await mails(), 'jour-fixe-2026-12-22').filter((m) => m.to === leaving.email && m.method === 'CANCEL')).toHaveLength(1);

    await h.clock.advance(21 * DAY); // 30 December: the Jour fixe of 12 January 2027 is due
    await reconcileAll(reconcileDeps());
    const january = (await mails()).filter((m) => m.to === 'neu@traeger-a.example');
    expect(january.length).toBeGreaterThan(0);
    expect(january.every((m) => (m.uid ?? '').includes('-2027-'))).toBe(true);
  });

  it('records an RSVP answer from the signed link and shows it on the meeting', async () => {
    const invitation = (await mails()).find((m) => m.to === 'neu@traeger-a.example' && m.method === 'REQUEST');
    const link = /href="([^"]*rsvp\?token=[^"]+)"/.exec(invitation?.html ?? '')?.[1]?.replaceAll('&amp;', '&');
    expect(link).toBeDefined();
    // The link points at the app's /api/rsvp route; here the harness serves the API on its own port.
    const url = new URL(link ?? '');
    expect(url.pathname).toBe('/api/rsvp');
    const token = url.searchParams.get('token') ?? '';
    const meetingId = /^(.*)@/.exec(invitation?.uid ?? '')?.[1] ?? '';
    const answerOf = async (): Promise<string | undefined> => {
      const detail = await h.api('GET', `/api/meetings/${meetingId}`, 'coordinator');
      return (detail.body.recipients as { email: string; answer?: string }[]).find((r) => r.email === 'neu@traeger-a.example')?.answer;
    };
    // Opening the link (as a mail scanner would) only asks; it records nothing.
    const opened = await fetch(`${await h.apiUrl()}/api/rsvp?token=${encodeURIComponent(token)}`);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toMatch(/<form method="post" action="\/api\/rsvp">/);
    expect(await answerOf()).toBeUndefined();
    // The button records it.
    const answered = await fetch(`${await h.apiUrl()}/api/rsvp`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }).toString() });
    expect(answered.status).toBe(200);
    expect(await answered.text()).toMatch(/Ihre Zusage zur Sitzung am .* ist gespeichert/);
    expect(await answerOf()).toBe('accepted');
    // The mail's second link answers "unter Vorbehalt" (TENTATIVE); a later answer to the same invitation replaces the first.
    const links = [...(invitation?.html ?? '').matchAll(/href="([^"]*rsvp\?token=[^"]+)"/g)].map((m) => new URL((m[1] ?? '').replaceAll('&amp;', '&')).searchParams.get('token') ?? '');
    expect(links).toHaveLength(3);
    const tentative = await fetch(`${await h.apiUrl()}/api/rsvp`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token: links[1] ?? '' }).toString() });
    expect(await tentative.text()).toMatch(/Ihre Zusage unter Vorbehalt zur Sitzung am .* ist gespeichert/);
    expect(await answerOf()).toBe('tentative');
    const tampered = await fetch(`${await h.apiUrl()}/api/rsvp?token=${encodeURIComponent(`${token.slice(0, -2)}xx`)}`);
    expect(tampered.status).toBe(400);
  });

  it('serves a subscribable feed of a body’s meetings to a signed URL only', async () => {
    const url = new URL(feedUrl(await h.apiUrl(), 'jour-fixe', h.linkSecret));
    const feed = await fetch(url);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    const text = await feed.text();
    expect(text).toContain('METHOD:PUBLISH');
    expect(text).toContain('UID:jour-fixe-2027-01-12@kreis-dueren.kim-flow');
    expect(text).toMatch(/SUMMARY:Abgesagt: Jour fixe/); // the cancelled one stays visible as cancelled
    url.searchParams.set('token', 'falsch');
    expect((await fetch(url)).status).toBe(403);
    // An unknown body answers a bad or missing token just the same (no probing for bodies); 404 only when signed for it.
    const answer = async (bodyId: string, token: string | undefined): Promise<{ status: number; body: unknown }> => {
      const probe = new URL(feedUrl(await h.apiUrl(), bodyId, h.linkSecret));
      if (token === undefined) probe.searchParams.delete('token');
      else probe.searchParams.set('token', token);
      const response = await fetch(probe);
      return { status: response.status, body: await response.json() };
    };
    const refused = { status: 403, body: { message: 'Dafür fehlt Ihnen die Berechtigung.' } };
    expect(await answer('jour-fixe', undefined)).toEqual(refused);
    for (const token of [undefined, 'falsch', feedToken('jour-fixe', h.linkSecret)]) expect(await answer('geheimes-gremium', token)).toEqual(refused);
    expect(await answer('geheimes-gremium', feedToken('geheimes-gremium', h.linkSecret))).toEqual({ status: 404, body: { message: 'Das Gremium wurde nicht gefunden.' } });
  });

  it('creates a one-off meeting of a body and invites its members', async () => {
    // 30 December 2026 by now; the presentation is on 12 January 2027 (Tuesday), within the lead time.
    const created = await h.api('POST', '/api/meetings', 'coordinator', {
      bodyId: 'steering-group',
      title: 'Vorstellung des Case-Managements für die Kommunen',
      date: '2027-01-12',
      time: '09:00',
      durationMinutes: 90,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await h.api('POST', '/api/meetings', 'coordinator', { bodyId: 'steering-group', title: 'x', date: '2027-01-12', time: '09:00', durationMinutes: 90 })).status).toBe(409);
    expect((await h.api('POST', '/api/meetings', 'casemanager', { bodyId: 'steering-group', title: 'x', date: '2027-01-13', time: '09:00', durationMinutes: 90 })).status).toBe(403);
    await reconcileAll(reconcileDeps());
    const members = h.demo.members.filter((m) => m.bodyId === 'steering-group').map((m) => m.email).sort();
    const invited = of(await mails(), 'steering-group-2027-01-12').filter((m) => m.method === 'REQUEST').map((m) => m.to).sort();
    expect(invited).toEqual(members);
  });

  it('reminds once per meeting, recipient and start: a new place sends an update only, a new day one new reminder', async () => {
    const seen = new Set((await mails()).map((m) => m.id));
    const fresh = async (): Promise<Received[]> => {
      const added = (await mails()).filter((m) => !seen.has(m.id));
      for (const m of added) seen.add(m.id);
      return added;
    };
    const reminded = (list: Received[], when: string) => list.filter((m) => m.subject.startsWith('Erinnerung: ') && m.subject.endsWith(` am ${when} Uhr`)).map((m) => m.to).sort();
    const updated = (list: Received[], meetingId: string, sequence: number) =>
      of(list, meetingId).filter((m) => m.subject.startsWith('Geänderte Einladung') && m.sequence === sequence).map((m) => m.to).sort();
    const reschedule = async (meetingId: string, change: Record<string, string>): Promise<Record<string, unknown>> => {
      const answer = await h.api('POST', `/api/meetings/${meetingId}/reschedule`, 'coordinator', change);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body;
    };
    const jourFixe = 'jour-fixe-2027-01-12';
    const steering = 'steering-group-2027-01-12'; // the one-off meeting of the test before, at 09:00
    // The recipients as the meeting page lists them (the memberships changed by the tests before are in).
    const recipientsOf = async (meetingId: string): Promise<string[]> =>
      ((await h.api('GET', `/api/meetings/${meetingId}`, 'coordinator')).body.recipients as { email: string }[]).map((r) => r.email).sort();
    const jourFixeTo = await recipientsOf(jourFixe);
    const steeringTo = await recipientsOf(steering);

    // Monday 11 January 2027, 09:00 in Düren: both meetings of the 12th are two working days away.
    await h.clock.advance(Date.parse('2027-01-11T08:00:00Z') - h.clock.now().getTime());
    await runMachine('reminders');
    const first = await fresh();
    expect(reminded(first, '12.01.2027, 10:00')).toEqual(jourFixeTo);
    expect(reminded(first, '12.01.2027, 09:00')).toEqual(steeringTo);

    // The steering group's reminder markers as a release before this one wrote them: keyed by the SEQUENCE, without
    // the start. They must still count while the meeting's time is unchanged.
    const markers = await h.itemsWithPrefix(`MEETING#${steering}`, 'SENT#reminder#');
    expect(markers).toHaveLength(steeringTo.length);
    for (const { start: _start, ...marker } of markers) {
      await h.documents.send(new DeleteCommand({ TableName: h.tableName, Key: { pk: marker.pk, sk: marker.sk } }));
      await h.documents.send(new PutCommand({ TableName: h.tableName, Item: { ...marker, ...tableKeys.sentMarker(steering, 'reminder', Number(marker.sequence), recipientHash(String(marker.email))) } }));
    }

    // A new place at the same time: an update (new SEQUENCE), no second reminder — also when run again.
    const place = 'Rathaus Jülich, Großer Sitzungssaal, Große Rurstraße 17, 52428 Jülich';
    expect((await reschedule(jourFixe, { date: '2027-01-12', time: '10:00', location: place })).changeLog).toEqual([{ sequence: 1, changes: ['location'] }]);
    expect((await reschedule(steering, { date: '2027-01-12', time: '09:00', location: place })).sequence).toBe(1);
    // The same slot and place again is no change: nothing to tell, the SEQUENCE stays.
    expect((await reschedule(steering, { date: '2027-01-12', time: '09:00', location: place })).sequence).toBe(1);
    await runMachine('new-place');
    const afterPlace = await fresh();
    expect(afterPlace.filter((m) => m.subject.startsWith('Erinnerung'))).toEqual([]);
    expect(updated(afterPlace, jourFixe, 1)).toEqual(jourFixeTo);
    expect(updated(afterPlace, steering, 1)).toEqual(steeringTo);
    expect(afterPlace).toHaveLength(jourFixeTo.length + steeringTo.length);
    await runMachine('new-place-again');
    expect(await fresh()).toEqual([]);

    // 11:00: the 13th is now two working days away too. Moved there, each recipient is reminded once of the new time.
    await h.clock.advance(2 * HOUR);
    expect((await reschedule(jourFixe, { date: '2027-01-13', time: '10:00' })).changeLog).toEqual([{ sequence: 1, changes: ['location'] }, { sequence: 2, changes: ['time'] }]);
    await reschedule(steering, { date: '2027-01-13', time: '09:00' });
    await runMachine('new-day');
    const afterMove = await fresh();
    expect(await recipientsOf(jourFixe)).toEqual(jourFixeTo);
    expect(reminded(afterMove, '13.01.2027, 10:00')).toEqual(jourFixeTo);
    expect(reminded(afterMove, '13.01.2027, 09:00')).toEqual(steeringTo);
    expect(updated(afterMove, jourFixe, 2)).toEqual(jourFixeTo);
    expect(updated(afterMove, steering, 2)).toEqual(steeringTo);
    expect(afterMove).toHaveLength(2 * (jourFixeTo.length + steeringTo.length));
    await Promise.all([runMachine('new-day-again'), reconcileAll(reconcileDeps())]);
    expect(await fresh()).toEqual([]);
  });

  it('moves the planned meetings when a new profile gives the body another weekday: one update per recipient and meeting, then nothing', async () => {
    // Wednesday 13 January 2027, 13:00 in Düren: the run invites to the Jour fixe of Tuesday 26 January (14 days).
    await h.clock.advance(Date.parse('2027-01-13T12:00:00Z') - h.clock.now().getTime());
    await reconcileAll(reconcileDeps());
    const seen = new Set((await mails()).map((m) => m.id));
    const invited = (await mails()).filter((m) => m.uid === 'jour-fixe-2027-01-26@kreis-dueren.kim-flow' && m.method === 'REQUEST').map((m) => m.to).sort();
    // The body's members as earlier tests left them (one joined, one left).
    expect(invited).toContain('neu@traeger-a.example');
    expect(invited.length).toBeGreaterThan(5);
    // neu@ accepts the Tuesday meeting by the invitation's link.
    const answerBy = async (html: string, which: number): Promise<void> => {
      const token = new URL([...html.matchAll(/href="([^"]*rsvp\?token=[^"]+)"/g)][which]?.[1]?.replaceAll('&amp;', '&') ?? '').searchParams.get('token') ?? '';
      const answered = await fetch(`${await h.apiUrl()}/api/rsvp`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }).toString() });
      expect(answered.status).toBe(200);
    };
    const invitation = (await mails()).find((m) => m.uid === 'jour-fixe-2027-01-26@kreis-dueren.kim-flow' && m.to === 'neu@traeger-a.example');
    await answerBy(invitation?.html ?? '', 0);
    const answerOf = async (): Promise<Record<string, unknown> | undefined> =>
      ((await h.api('GET', '/api/meetings/jour-fixe-2027-01-26', 'coordinator')).body.recipients as Record<string, unknown>[]).find((r) => r.email === 'neu@traeger-a.example');
    expect(await answerOf()).toMatchObject({ answer: 'accepted' });
    expect((await answerOf())?.answeredEarlierTime).toBeUndefined();

    // The profile after a deploy (or a restart of npm start): the Jour fixe on the second and fourth Wednesday.
    const wednesdays = { ...h.profile, bodies: h.profile.bodies.map((b) => (b.id === 'jour-fixe' ? { ...b, rrule: 'FREQ=MONTHLY;BYDAY=2WE,4WE' } : b)) };
    const restarted = { ...reconcileDeps(), profile: wednesdays };
    // Two runs at once (overlapping schedules): each meeting is changed once, each update sent once.
    await Promise.all([reconcileAll(restarted), reconcileAll(restarted)]);
    const sent = (await mails()).filter((m) => !seen.has(m.id));
    for (const m of sent) seen.add(m.id);
    // Only those holding the entry learn of the move, each once, under the same UID with SEQUENCE 1.
    expect(sent.map((m) => `${m.uid ?? ''}|${m.method ?? ''}|${String(m.sequence)}`)).toEqual(invited.map(() => 'jour-fixe-2027-01-26@kreis-dueren.kim-flow|REQUEST|1'));
    expect(sent.map((m) => m.to).sort()).toEqual(invited);
    expect(sent.every((m) => m.subject.startsWith('Geänderte Einladung'))).toBe(true);
    // The answer to the old time stays visible, marked, until neu@ answers the update (here: unter Vorbehalt).
    expect(await answerOf()).toMatchObject({ answer: 'accepted', answeredEarlierTime: true });
    await answerBy(sent.find((m) => m.to === 'neu@traeger-a.example')?.html ?? '', 1);
    expect(await answerOf()).toMatchObject({ answer: 'tentative' });
    expect((await answerOf())?.answeredEarlierTime).toBeUndefined();
    const moved = await h.api('GET', '/api/meetings/jour-fixe-2027-01-26', 'coordinator');
    expect(moved.body.meeting).toMatchObject({ ruleDate: '2027-01-27', start: '2027-01-27T09:00:00.000Z', sequence: 1 });
    // A further meeting nobody was invited to yet moves silently; its invitation will carry the new date.
    expect((await h.api('GET', '/api/meetings/jour-fixe-2027-02-09', 'coordinator')).body.meeting).toMatchObject({ ruleDate: '2027-02-10', sequence: 1 });

    // The next run (a second restart) sends nothing and changes nothing.
    await Promise.all([reconcileAll(restarted), reconcileAll(restarted)]);
    expect((await mails()).filter((m) => !seen.has(m.id))).toEqual([]);
    expect((await h.api('GET', '/api/meetings/jour-fixe-2027-01-26', 'coordinator')).body.meeting).toMatchObject({ sequence: 1 });
  });

  it('uninvites a guest: the guest gets a cancellation of their entry, the others one update, then nothing', async () => {
    const path = '/api/meetings/jour-fixe-2027-01-26';
    const guest = { name: 'Dr. Ada Gast', email: 'ada.gast@example.org', topic: 'Sprachkurse im Kreis' };
    const added = await h.api('POST', `${path}/guests`, 'coordinator', guest);
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    const guestId = (added.body.guests as { guestId: string; email: string }[]).find((g) => g.email === guest.email)?.guestId ?? '';
    await reconcileAll(reconcileDeps());
    const seen = new Set((await mails()).map((m) => m.id));
    expect((await mails()).filter((m) => m.to === guest.email).map((m) => m.method)).toEqual(['REQUEST']);

    expect((await h.api('DELETE', `${path}/guests/not-a-guest`, 'coordinator')).status).toBe(404);
    expect((await h.api('DELETE', `${path}/guests/${guestId}`, 'casemanager')).status).toBe(403);
    const removed = await h.api('DELETE', `${path}/guests/${guestId}`, 'coordinator');
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect(removed.body.guests).toEqual([]);
    await Promise.all([reconcileAll(reconcileDeps()), reconcileAll(reconcileDeps())]);
    const sent = (await mails()).filter((m) => !seen.has(m.id));
    for (const m of sent) seen.add(m.id);
    const sequence = Number(removed.body.sequence);
    expect(sent.filter((m) => m.to === guest.email).map((m) => `${m.method ?? ''}|${String(m.sequence)}`)).toEqual([`CANCEL|${String(sequence)}`]);
    const updates = sent.filter((m) => m.to !== guest.email);
    expect(updates.length).toBeGreaterThan(5);
    expect(updates.every((m) => m.method === 'REQUEST' && m.sequence === sequence)).toBe(true);
    expect(new Set(updates.map((m) => m.to)).size).toBe(updates.length);
    await reconcileAll(reconcileDeps());
    expect((await mails()).filter((m) => !seen.has(m.id))).toEqual([]);
  });
});
