/**
 * The OParl feed over HTTP, as the council information portal reads it: through the local API gateway (no token)
 * on DynamoDB Local, with the meetings the reconciler materialises, some of them past, one cancelled, agenda items,
 * guests and members added by the coordination, and a case with a canary name. The walk follows the links the
 * feed gives — system → bodies → body → organizations → meetings (page by page via links.next) → agenda items →
 * memberships — validates every object against the OParl 1.1 schemas, and checks that nothing personal and nothing
 * of the Jour fixe is anywhere in what it read.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provideDependencies } from '../../functions/_shared/dependencies/all.ts';
import { tableKeys } from '../../core/adapters/table-keys.ts';
import type { MeetingRecord } from '../../core/meetings/meeting.ts';
import { planMeetingNotifications } from '../../core/meetings/plan-meetings.ts';
import { publishedBodies } from '../../core/oparl/published-bodies.ts';
import { API_ROUTES } from '../../functions/api-routes.ts';
import { apiGatewayListener } from '../../local/api-gateway.ts';
import { openLocalIssuer } from '../../local/auth/local-issuer.ts';
import { devServerRequestListener } from '../../local/dev-server.ts';
import { localHandlers } from '../../local/functions.ts';
import { listen, type RunningServer } from '../../local/http-server.ts';
import { oparlValidator } from '../fixtures/oparl-schemas.ts';
import { intakeFor, WorkflowHarness } from '../fixtures/workflow-harness.ts';

const DAY = 86_400_000;
const CANARY = 'Kanarienvogel';
const CANARY_EMAIL = 'kanarienvogel.quispel@kreis-dueren.example';

type Json = Record<string, unknown>;
interface Page {
  data: Json[];
  pagination: { totalElements: number; elementsPerPage: number };
  links: { first: string; self: string; next?: string };
}

describe('OParl feed through the local gateway', () => {
  const h = new WorkflowHarness();
  const validator = oparlValidator();
  /** Every answer body the feed gave in this file: the canary test reads them all. */
  const texts: string[] = [];
  let base: string;
  let published: MeetingRecord[] = [];
  let jourFixe: MeetingRecord[] = [];
  const ids: { lenkungsgruppe?: string; cancelled?: string; jourFixe?: string; past?: string } = {};

  async function get(url: string): Promise<{ status: number; headers: Headers; body: Json }> {
    const response = await fetch(url);
    const text = await response.text();
    texts.push(text);
    return { status: response.status, headers: response.headers, body: text === '' ? {} : (JSON.parse(text) as Json) };
  }

  async function object(url: string): Promise<Json> {
    const answer = await get(url);
    expect(answer.status, url).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('cache-control')).toBe('public, max-age=300');
    return answer.body;
  }

  function expectValid(value: Json): void {
    expect(validator.errors(validator.typeOf(value), value), JSON.stringify(value)).toEqual([]);
  }

  /** Every object of a list, following links.next from `url`; checks each page's shape on the way. */
  async function walk(url: string): Promise<{ objects: Json[]; pages: number }> {
    const objects: Json[] = [];
    let next: string | undefined = url;
    let pages = 0;
    while (next !== undefined) {
      const page = (await object(next)) as unknown as Page;
      expect(Object.keys(page).sort()).toEqual(['data', 'links', 'pagination']);
      expect(page.links.self).toBe(next);
      for (const item of page.data) expectValid(item);
      objects.push(...page.data);
      next = page.links.next;
      pages += 1;
      if (next !== undefined) expect(page.data).toHaveLength(page.pagination.elementsPerPage);
      expect(pages).toBeLessThan(50);
    }
    return { objects, pages };
  }

  const coordinator = async (method: string, path: string, body?: unknown): Promise<Json> => {
    const answer = await h.api(method, path, 'coordinator', body);
    expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
    return answer.body;
  };

  beforeAll(async () => {
    await h.start();
    base = await h.apiUrl();
    // The feed's URLs come from APP_URL; here that is this test's server, so the links can be followed.
    provideDependencies({ ...h.deps, appUrl: base });
    // Twelve months from Tuesday 24 November 2026; five months on, the March meetings are past, and the horizon
    // grows by five more months.
    await planMeetingNotifications(h.deps);
    await h.clock.advance(150 * DAY);
    await planMeetingNotifications(h.deps);
    const now = h.clock.now().toISOString();

    const all = await h.deps.meetings.listMeetings(new Date(0), new Date('9999-12-31T00:00:00Z'));
    const publishedIds = new Set(publishedBodies(h.profile).map((b) => b.id));
    published = all.filter((m) => publishedIds.has(m.bodyId));
    jourFixe = all.filter((m) => m.bodyId === 'jour-fixe');
    ids.lenkungsgruppe = published.find((m) => m.bodyId === 'steering-group' && m.start > now)?.meetingId;
    ids.cancelled = published.find((m) => m.bodyId === 'ak-migration' && m.start > now)?.meetingId;
    ids.past = published.find((m) => m.start < now)?.meetingId;
    ids.jourFixe = jourFixe.find((m) => m.start > now)?.meetingId;
    if (ids.lenkungsgruppe === undefined || ids.cancelled === undefined || ids.past === undefined || ids.jourFixe === undefined) throw new Error(`meetings missing: ${JSON.stringify(ids)}`);

    // What the coordination does in the app: agenda, a guest, a cancellation, a new member, an internal agenda item.
    await coordinator('POST', `/api/meetings/${ids.lenkungsgruppe}/agenda`, { title: 'Bericht der Koordination' });
    await coordinator('POST', `/api/meetings/${ids.lenkungsgruppe}/agenda`, { title: 'Lückenmeldungen aus den Arbeitskreisen' });
    await coordinator('POST', `/api/meetings/${ids.lenkungsgruppe}/guests`, { name: `Dr. ${CANARY} Gast`, email: 'gast.kanarienvogel@example.org', topic: `Vortrag über ${CANARY}` });
    await coordinator('POST', `/api/meetings/${ids.cancelled}/cancel`);
    await coordinator('POST', `/api/meetings/${ids.jourFixe}/agenda`, { title: `Fallbesprechung ${CANARY} (Jour fixe)` });
    await coordinator('POST', '/api/bodies/steering-group/members', { name: `Dr. ${CANARY} Quispel`, email: CANARY_EMAIL, roleId: 'committee-chair', from: '2027-04-01' });
    await coordinator('POST', '/api/bodies/jour-fixe/members', { name: `${CANARY} Intern`, email: 'kanarienvogel.intern@traeger-a.example', roleId: 'case-manager', from: '2027-04-01' });

    // A case whose client bears the canary's name (stored, and never read by the feed).
    const intake = await h.api('POST', '/api/intakes', 'intake', intakeFor({ familyName: `${CANARY}-Zyx`, givenNames: 'Quispel', email: 'quispel.zyx@example.org' }));
    expect(intake.status, JSON.stringify(intake.body)).toBe(202);
    const { Item } = await h.documents.send(new GetCommand({ TableName: h.tableName, Key: tableKeys.client(String(intake.body.caseId)) }));
    expect(JSON.stringify(Item)).toContain(`${CANARY}-Zyx`);

    // Reread: the changes raised versions and agendas.
    const reread = await h.deps.meetings.listMeetings(new Date(0), new Date('9999-12-31T00:00:00Z'));
    published = reread.filter((m) => publishedIds.has(m.bodyId));
    jourFixe = reread.filter((m) => m.bodyId === 'jour-fixe');
  });
  afterAll(async () => {
    await h.stop();
  });

  it('walks system → body → organizations → meetings (page by page) → agenda items → memberships, all valid OParl 1.1', async () => {
    const system = await object(`${base}/oparl/v1/system`);
    expectValid(system);
    expect(system.id).toBe(`${base}/oparl/v1/system`);

    const bodies = await walk(String(system.body));
    expect(bodies.objects).toHaveLength(1);
    const body = await object(String(bodies.objects[0]?.id));
    expectValid(body);
    expect(body).toEqual(bodies.objects[0]);
    expect(body.system).toBe(system.id);

    // The organisations: the five published bodies, each also readable by its own URL.
    const organizations = await walk(String(body.organization));
    expect(organizations.objects.map((o) => o.name)).toEqual(
      ['ak-fluechtlingsarbeit', 'ak-frauen', 'ak-migration', 'integrationskurskonferenz', 'steering-group'].map((id) => h.profile.bodies.find((b) => b.id === id)?.name),
    );
    for (const organization of organizations.objects) {
      expect(await object(String(organization.id))).toEqual(organization);
      expect(organization.body).toBe(body.id);
    }

    // The meetings, three to a page: exactly the published bodies' meetings, past and future, in rule-date order.
    const meetings = await walk(`${String(body.meeting)}?elementsPerPage=3`);
    expect(meetings.pages).toBe(Math.ceil(published.length / 3));
    expect(meetings.objects.map((m) => m.id)).toEqual(
      published
        .map((m) => `${m.ruleDate}_${m.meetingId}`)
        .sort()
        .map((key) => `${base}/oparl/v1/meeting/${key.slice(key.indexOf('_') + 1)}`),
    );
    const byId = new Map(meetings.objects.map((m) => [String(m.id).split('/').at(-1), m]));
    expect(byId.get(ids.cancelled)?.cancelled).toBe(true);
    expect(meetings.objects.filter((m) => m.cancelled === true)).toHaveLength(1);
    expect(String(byId.get(ids.past)?.start) < '2027-04-23').toBe(true);
    const lenkungsgruppe = byId.get(ids.lenkungsgruppe);
    expect(lenkungsgruppe).toMatchObject({ name: 'Lenkungsgruppe Kommunales Integrationsmanagement', start: '2027-05-12T14:00:00+02:00', end: '2027-05-12T15:30:00+02:00', organization: [`${base}/oparl/v1/organization/steering-group`] });
    expect((lenkungsgruppe?.agendaItem as Json[]).map((a) => [a.order, a.number, a.name])).toEqual([
      [0, '1', 'Bericht der Koordination'],
      [1, '2', 'Lückenmeldungen aus den Arbeitskreisen'],
    ]);
    for (const meeting of [lenkungsgruppe, byId.get(ids.cancelled), byId.get(ids.past)]) {
      expect(await object(String(meeting?.id))).toEqual(meeting);
      const location = meeting?.location as Json;
      expect(await object(String(location.id))).toEqual({ ...location, meetings: [meeting?.id] });
    }
    // The organisation's own list holds its meetings only.
    const ownMeetings = await walk(`${base}/oparl/v1/organization/steering-group/meetings`);
    expect(ownMeetings.objects.map((m) => m.id)).toEqual(meetings.objects.filter((m) => (m.organization as string[])[0]?.endsWith('/steering-group')).map((m) => m.id));

    // Agenda items: each by its own URL, and the body's list of all of them.
    for (const item of lenkungsgruppe?.agendaItem as Json[]) expect(await object(String(item.id))).toEqual(item);
    // (The body's list is sorted by what never changes — meeting, time added, id — not by the agenda's order.)
    const agendaItems = await walk(String(body.agendaItem));
    const byItemId = (items: Json[]): Json[] => [...items].sort((x, y) => (String(x.id) < String(y.id) ? -1 : 1));
    expect(byItemId(agendaItems.objects)).toEqual(byItemId(lenkungsgruppe?.agendaItem as Json[]));

    // Memberships: every member of a published body (demo members and the one added above), with role and dates.
    const memberships = await walk(`${String(body.membership)}?elementsPerPage=7`);
    const expected = (await Promise.all(publishedBodies(h.profile).map((b) => h.deps.meetings.listMembers(b.id)))).flat();
    expect(memberships.objects).toHaveLength(expected.length);
    expect(memberships.pages).toBe(Math.ceil(expected.length / 7));
    const added = memberships.objects.filter((m) => m.role === 'Vorsitz des Ausschusses für Migration, Integration und Entwicklungszusammenarbeit' && m.startDate === '2027-04-01');
    expect(added).toHaveLength(1);
    for (const membership of memberships.objects) expect(Object.keys(membership)).not.toContain('person');
    expect(await object(String(added[0]?.id))).toEqual(added[0]);
    const lgOrganization = organizations.objects.find((o) => String(o.id).endsWith('/steering-group'));
    expect([...(lgOrganization?.membership as string[])].sort()).toEqual(memberships.objects.filter((m) => String(m.organization).endsWith('/steering-group')).map((m) => String(m.id)).sort());

    // No person is published; the lists KIM has nothing for are empty, but there.
    for (const list of ['person', 'paper', 'consultation', 'file', 'legislativeTermList']) {
      expect((await walk(String(body[list]))).objects, list).toEqual([]);
    }
    const locations = await walk(`${String(body.locationList)}?elementsPerPage=100`);
    expect(locations.objects).toHaveLength(published.length);
  });

  it('filters by modified_since and keeps the filter in the next links', async () => {
    const since = '2027-04-23T10:00:00+02:00';
    const changed = published.filter((m) => Date.parse(m.updatedAt) >= Date.parse(since));
    // Those materialised then, the Lenkungsgruppe (agenda, guest) and the cancelled AK; not the older ones.
    expect(changed.length).toBeGreaterThanOrEqual(2);
    expect(changed.length).toBeLessThan(published.length);
    const first = `${base}/oparl/v1/body/${h.profile.district.id}/meetings?modified_since=${encodeURIComponent(since)}&elementsPerPage=1`;
    const { objects } = await walk(first);
    expect(objects.map((m) => String(m.id).split('/').at(-1)).sort()).toEqual(changed.map((m) => m.meetingId).sort());
    expect(texts.at(-1)).toContain('modified_since=2027-04-23T10%3A00%3A00%2B02%3A00');
  });

  it('answers 404 (readable by any page) for unknown ids and for the Jour fixe, 400 for a bad filter, 404 for other methods', async () => {
    const district = h.profile.district.id;
    const jourFixeItem = jourFixe.find((m) => m.meetingId === ids.jourFixe);
    for (const path of [
      '/organization/jour-fixe',
      '/organization/jour-fixe/meetings',
      '/organization/unbekannt',
      `/meeting/${String(ids.jourFixe)}`,
      `/location/${String(ids.jourFixe)}`,
      `/agendaitem/${String(ids.jourFixe)}_${jourFixeItem?.agenda[0]?.itemId ?? 'x'}`,
      '/meeting/steering-group-2001-01-01',
      '/membership/00000000000000000000000000000000',
      '/body/kreis-aachen',
      `/body/${district}x/meetings`,
    ]) {
      const answer = await get(`${base}/oparl/v1${path}`);
      expect(answer.status, path).toBe(404);
      expect(answer.headers.get('access-control-allow-origin'), path).toBe('*');
    }
    // Paths without a route are the gateway's own 404, as API Gateway answers them.
    expect((await get(`${base}/oparl/v1/unbekannt`)).body).toEqual({ message: 'Not Found' });
    expect((await fetch(`${base}/oparl/v1/system`, { method: 'POST' })).status).toBe(404);
    const bad = await get(`${base}/oparl/v1/body/${district}/meetings?modified_since=gestern`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ errors: [{ field: 'modified_since' }] });
  });

  it('is reached through the dev server like the API (/oparl/* goes to the gateway, not to the pages)', async () => {
    const api = apiGatewayListener({ routes: API_ROUTES, handlers: localHandlers(), issuer: openLocalIssuer(mkdtempSync(join(tmpdir(), 'kim-oparl-'))), clock: h.clock });
    const server: RunningServer = await listen(
      devServerRequestListener({ dynamodb: h.dynamodb, sfn: h.deps.sfn, ses: new SESv2Client({ region: 'eu-central-1' }), tableName: h.tableName, outbox: h.outbox, webDir: mkdtempSync(join(tmpdir(), 'kim-oparl-web-')), api }),
      '127.0.0.1',
      0,
      'PORT',
    );
    try {
      const system = await fetch(`${server.url}/oparl/v1/system`);
      expect(system.status).toBe(200);
      expect(system.headers.get('access-control-allow-origin')).toBe('*');
      texts.push(await system.text());
      const unknown = await fetch(`${server.url}/oparl/v2/system`);
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toEqual({ message: 'Not Found' });
    } finally {
      await server.close();
    }
  });

  it('never shows an e-mail address, a member\'s or guest\'s name, a user id, the case, or anything of the Jour fixe', () => {
    const all = texts.join('\n');
    expect(texts.length).toBeGreaterThan(40);
    expect(all).not.toContain('@');
    expect(all.toLowerCase()).not.toContain(CANARY.toLowerCase());
    expect(all).not.toContain('Quispel');
    expect(all).not.toContain('Zyx');
    for (const member of h.demo.members) {
      expect(all, member.name).not.toContain(member.name);
      expect(all, member.id).not.toContain(member.id);
    }
    for (const person of h.demo.staff) expect(all, person.id).not.toContain(person.id);
    for (const internal of ['jour-fixe', 'Jour fixe', 'Fallbesprechung', 'Vortrag', 'CASE#', 'caseId']) expect(all, internal).not.toContain(internal);
  });
});
