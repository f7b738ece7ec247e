/**
 * The OParl feed (core/oparl/) on an in-memory repository: every object type validates against the OParl 1.1
 * schemas (../shared/oparl-1.1.1/schema/), only published bodies appear, unknown and internal ids are 404, and no
 * name, e-mail address or internal text reaches the output.
 */
import { describe, expect, it } from 'vitest';
import { httpStatusOf, isHttpRefusal } from '../../functions/_shared/http/http-errors.ts';
import type { MeetingRecord } from '../../core/meetings/meeting.ts';
import type { MeetingRepository } from '../../core/meetings/ports.ts';
import { oparlAnswer, type OparlDependencies } from '../../core/oparl/feed.ts';
import { agendaItemId, membershipId, oparlMeeting, oparlSystem, splitAgendaItemId } from '../../core/oparl/objects.ts';
import type { OparlList } from '../../core/oparl/pagination.ts';
import { isPublishedBody, PUBLISHED_BODY_KINDS, publishedBodies } from '../../core/oparl/published-bodies.ts';
import { OPARL_PATHS, OPARL_ROUTE_PATHS } from '../../core/oparl/routes.ts';
import { oparlUrls } from '../../core/oparl/urls.ts';
import type { BodyMember } from '../../core/profile/demo-data-schema.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { BODY_KINDS } from '../../core/profile/schema.ts';
import { API_ROUTES } from '../../functions/api-routes.ts';
import { meetingRecord } from '../fixtures/meeting-fixtures.ts';
import { oparlValidator } from '../fixtures/oparl-schemas.ts';

const APP_URL = 'https://kim.kreis-dueren.example';
const BASE = `${APP_URL}/oparl/v1`;
const profile = bundledProfile();
const DISTRICT = profile.district.id;
const CANARY = 'Kanarienvogel';

function meeting(bodyId: string, ruleDate: string, overrides: Partial<MeetingRecord> = {}): MeetingRecord {
  return meetingRecord({
    meetingId: `${bodyId}-${ruleDate}`,
    bodyId,
    ruleDate,
    start: `${ruleDate}T13:00:00.000Z`,
    end: `${ruleDate}T14:30:00.000Z`,
    agenda: [],
    guests: [{ guestId: 'g1', name: `Gast ${CANARY}`, email: 'gast.kanarienvogel@example.org', topic: `Vortrag ${CANARY}` }],
    ...overrides,
  });
}

const MEETINGS: MeetingRecord[] = [
  meeting('steering-group', '2026-11-11', {
    agenda: [
      { itemId: 'a1', title: 'Bericht der Koordination', addedBy: 'sabine-kraemer', addedAt: '2026-10-01T08:00:00.000Z' },
      { itemId: 'a2', title: 'Lückenmeldungen aus den Arbeitskreisen', addedBy: 'sabine-kraemer', addedAt: '2026-10-02T08:00:00.000Z' },
    ],
    updatedAt: '2026-10-02T08:00:00.000Z',
  }),
  meeting('steering-group', '2027-05-12', { status: 'cancelled', start: '2027-05-12T12:00:00.000Z', end: '2027-05-12T13:30:00.000Z' }),
  meeting('ak-migration', '2026-03-12', { start: '2026-03-12T09:00:00.000Z', end: '2026-03-12T11:00:00.000Z' }),
  meeting('integrationskurskonferenz', '2026-09-03'),
  // Internal: never in the feed, whatever it holds.
  meeting('jour-fixe', '2026-12-08', { agenda: [{ itemId: 'j1', title: `Fallbesprechung ${CANARY}`, addedBy: 'ayse-yilmaz', addedAt: '2026-11-30T08:00:00.000Z' }] }),
];

const MEMBERS: BodyMember[] = [
  { id: 'lg-kanarienvogel', bodyId: 'steering-group', name: `Dr. ${CANARY} Zyx`, email: 'kanarienvogel@kreis-dueren.example', roleId: 'committee-chair', from: '2025-01-01' },
  { id: '0b6f1c9e-2a47-4c51-9d3e-5f8a7b6c4d21', bodyId: 'steering-group', name: 'Hülya Arslan', email: 'h.arslan@example.org', roleId: 'integration-council-chair', from: '2025-01-01', to: '2026-06-30' },
  { id: 'akm-maria-gonzalez', bodyId: 'ak-migration', name: 'María González', email: 'maria.gonzalez@example.org', roleId: 'member', from: '2025-03-01' },
  { id: 'jf-kanarienvogel', bodyId: 'jour-fixe', name: `${CANARY} Intern`, email: 'intern@traeger-a.example', roleId: 'case-manager', from: '2025-01-01' },
];

const repository: OparlDependencies['meetings'] = {
  getMeeting: (id) => Promise.resolve(MEETINGS.find((m) => m.meetingId === id)),
  listMeetings: (from, to, bodyId) => Promise.resolve(MEETINGS.filter((m) => (bodyId === undefined || m.bodyId === bodyId) && m.start >= from.toISOString() && m.start <= to.toISOString())),
  listMembers: (bodyId) => Promise.resolve(MEMBERS.filter((m) => m.bodyId === bodyId)),
} satisfies Pick<MeetingRepository, 'getMeeting' | 'listMeetings' | 'listMembers'>;

const deps: OparlDependencies = { profile, meetings: repository, appUrl: `${APP_URL}/` };

const get = (path: string, id?: string, query: Record<string, string> = {}): Promise<unknown> => oparlAnswer(deps, path, id, query);
const list = async (path: string, id?: string, query: Record<string, string> = {}): Promise<OparlList<Record<string, unknown>>> => (await get(path, id, query)) as OparlList<Record<string, unknown>>;
const status = async (work: Promise<unknown>): Promise<number> => {
  try {
    await work;
    return 200;
  } catch (error) {
    if (isHttpRefusal(error)) return httpStatusOf(error);
    throw error;
  }
};

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`missing ${what}`);
  return value;
}
const bodyById = (id: string): (typeof profile.bodies)[number] => must(profile.bodies.find((b) => b.id === id), id);

const validator = oparlValidator();
function expectValid(object: unknown): void {
  expect(validator.errors(validator.typeOf(object), object), JSON.stringify(object)).toEqual([]);
}

/** Every answer of the feed for this data, single objects and every list page. */
async function everyAnswer(): Promise<unknown[]> {
  const answers: unknown[] = [await get('/system'), await get('/bodies'), await get('/body/{id}', DISTRICT)];
  for (const path of OPARL_PATHS.filter((p) => p.startsWith('/body/{id}/'))) answers.push(await get(path, DISTRICT));
  for (const body of publishedBodies(profile)) {
    answers.push(await get('/organization/{id}', body.id), await get('/organization/{id}/meetings', body.id));
  }
  const meetings = (await list('/body/{id}/meetings', DISTRICT)).data;
  for (const m of meetings) answers.push(await get('/meeting/{id}', String(m.id).split('/').at(-1)));
  for (const item of (await list('/body/{id}/agendaitems', DISTRICT)).data) answers.push(await get('/agendaitem/{id}', decodeURIComponent(String(item.id).split('/').at(-1) ?? '')));
  for (const membership of (await list('/body/{id}/memberships', DISTRICT)).data) answers.push(await get('/membership/{id}', String(membership.id).split('/').at(-1)));
  for (const location of (await list('/body/{id}/locations', DISTRICT)).data) answers.push(await get('/location/{id}', String(location.id).split('/').at(-1)));
  return answers;
}

describe('published bodies', () => {
  it('publishes the committees (Lenkungsgruppe, Arbeitskreise, Integrationskurskonferenz), never the Jour fixe, by kind', () => {
    expect(Object.keys(PUBLISHED_BODY_KINDS).sort()).toEqual([...BODY_KINDS].sort());
    expect(PUBLISHED_BODY_KINDS.jourFixe).toBe(false);
    expect(publishedBodies(profile).map((b) => b.id)).toEqual(['steering-group', 'ak-migration', 'ak-frauen', 'ak-fluechtlingsarbeit', 'integrationskurskonferenz']);
    // Whatever a profile calls its service meeting: the kind decides.
    expect(isPublishedBody({ ...bodyById('jour-fixe'), id: 'oeffentlich', name: 'Öffentlicher Jour fixe' })).toBe(false);
    expect(isPublishedBody({ ...bodyById('ak-migration'), id: 'jf-2', kind: 'jourFixe' })).toBe(false);
  });

  it('are served by public GET routes in the route table, one per feed path, all to the oparl function', () => {
    const routes = API_ROUTES.filter((r) => r.path.startsWith('/oparl/'));
    expect(routes.map((r) => r.path)).toEqual([...OPARL_ROUTE_PATHS]);
    expect(routes.every((r) => r.method === 'GET' && r.public === true && r.functionName === 'oparl')).toBe(true);
  });
});

describe('OParl objects', () => {
  it('validate against the OParl 1.1 schemas, every type, embedded objects included', async () => {
    const seen = new Set<string>();
    const check = (object: unknown): void => {
      expectValid(object);
      seen.add(validator.typeOf(object));
      const { agendaItem, location } = object as { agendaItem?: unknown; location?: unknown };
      if (Array.isArray(agendaItem)) agendaItem.forEach(check);
      if (typeof location === 'object') check(location);
    };
    for (const answer of await everyAnswer()) {
      if (typeof answer === 'object' && answer !== null && 'data' in answer) (answer as OparlList<unknown>).data.forEach(check);
      else check(answer);
    }
    expect([...seen].sort()).toEqual(['AgendaItem', 'Body', 'Location', 'Meeting', 'Membership', 'Organization', 'System']);
  });

  it('the validator itself rejects what OParl does not allow (so the check above means something)', () => {
    const system = oparlSystem({ urls: oparlUrls(APP_URL), profile });
    expectValid(system);
    expect(validator.errors('System', { ...system, email: 'x@example.org' })).not.toEqual([]);
    expect(validator.errors('System', { ...system, body: 'bodies' })).not.toEqual([]);
    const m = oparlMeeting({ urls: oparlUrls(APP_URL), profile }, bodyById('steering-group'), must(MEETINGS[0], 'meeting'));
    expect(validator.errors('Meeting', { ...m, start: '2026-11-11T14:00:00' })).not.toEqual([]);
    expect(validator.errors('Meeting', { ...m, agendaItem: [{ ...m.agendaItem[0], order: undefined }] })).not.toEqual([]);
  });

  it('map a meeting: body name, times with the Berlin offset (winter and summer), location, organisation, agenda in order', async () => {
    const lg = (await get('/meeting/{id}', 'steering-group-2026-11-11')) as Record<string, unknown>;
    expect(lg).toEqual({
      id: `${BASE}/meeting/steering-group-2026-11-11`,
      type: 'https://schema.oparl.org/1.1/Meeting',
      name: 'Lenkungsgruppe Kommunales Integrationsmanagement',
      cancelled: false,
      start: '2026-11-11T14:00:00+01:00',
      end: '2026-11-11T15:30:00+01:00',
      location: {
        id: `${BASE}/location/steering-group-2026-11-11`,
        type: 'https://schema.oparl.org/1.1/Location',
        description: MEETINGS[0]?.location,
        created: '2026-10-01T10:00:00+02:00',
        modified: '2026-10-02T10:00:00+02:00',
      },
      organization: [`${BASE}/organization/steering-group`],
      agendaItem: [
        {
          id: `${BASE}/agendaitem/steering-group-2026-11-11_a1`,
          type: 'https://schema.oparl.org/1.1/AgendaItem',
          meeting: `${BASE}/meeting/steering-group-2026-11-11`,
          number: '1',
          order: 0,
          name: 'Bericht der Koordination',
          created: '2026-10-01T10:00:00+02:00',
          modified: '2026-10-02T10:00:00+02:00',
        },
        expect.objectContaining({ number: '2', order: 1, name: 'Lückenmeldungen aus den Arbeitskreisen' }),
      ],
      created: '2026-10-01T10:00:00+02:00',
      modified: '2026-10-02T10:00:00+02:00',
    });
    const summer = (await get('/meeting/{id}', 'steering-group-2027-05-12')) as Record<string, unknown>;
    expect(summer).toMatchObject({ start: '2027-05-12T14:00:00+02:00', end: '2027-05-12T15:30:00+02:00', cancelled: true, agendaItem: [] });
  });

  it('map the Body with every list OParl 1.1 requires, and organisations with their posts and memberships', async () => {
    expect(await get('/body/{id}', DISTRICT)).toMatchObject({
      id: `${BASE}/body/kreis-dueren`,
      system: `${BASE}/system`,
      name: 'Kommunales Integrationsmanagement Kreis Düren',
      organization: `${BASE}/body/kreis-dueren/organizations`,
      person: `${BASE}/body/kreis-dueren/people`,
      meeting: `${BASE}/body/kreis-dueren/meetings`,
      paper: `${BASE}/body/kreis-dueren/papers`,
      agendaItem: `${BASE}/body/kreis-dueren/agendaitems`,
      consultation: `${BASE}/body/kreis-dueren/consultations`,
      file: `${BASE}/body/kreis-dueren/files`,
      locationList: `${BASE}/body/kreis-dueren/locations`,
      legislativeTermList: `${BASE}/body/kreis-dueren/legislativeterms`,
      membership: `${BASE}/body/kreis-dueren/memberships`,
      legislativeTerm: [],
    });
    const lg = (await get('/organization/{id}', 'steering-group')) as Record<string, unknown>;
    expect(lg).toMatchObject({ name: 'Lenkungsgruppe Kommunales Integrationsmanagement', organizationType: 'Gremium', classification: 'Lenkungsgruppe', meeting: `${BASE}/organization/steering-group/meetings` });
    expect(lg.post).toContain('Vorsitz des Ausschusses für Migration, Integration und Entwicklungszusammenarbeit');
    expect(lg.membership).toHaveLength(2);
    const memberships = (await list('/body/{id}/memberships', DISTRICT)).data;
    expect(memberships.map((m) => m.role).sort()).toEqual(['Mitglied', 'Vorsitz des Ausschusses für Migration, Integration und Entwicklungszusammenarbeit', 'Vorsitz eines Integrationsrats']);
    const ended = memberships.find((m) => m.role === 'Vorsitz eines Integrationsrats');
    expect(ended).toEqual({ id: `${BASE}/membership/${membershipId(must(MEMBERS[1], 'member'))}`, type: 'https://schema.oparl.org/1.1/Membership', organization: `${BASE}/organization/steering-group`, role: 'Vorsitz eines Integrationsrats', startDate: '2025-01-01', endDate: '2026-06-30' });
    expect(Object.keys(ended ?? {})).not.toContain('person');
  });

  it('agenda item ids name their meeting and survive the round trip', () => {
    expect(splitAgendaItemId(agendaItemId('steering-group-2026-11-11', '3f2a8c1e-0b7d-4e8f-9a6b-1c2d3e4f5a6b'))).toEqual({ meetingId: 'steering-group-2026-11-11', itemId: '3f2a8c1e-0b7d-4e8f-9a6b-1c2d3e4f5a6b' });
    for (const bad of ['steering-group-2026-11-11', 'steering-group_a1', 'x-2026-11-11_a/1', '_a1']) expect(splitAgendaItemId(bad), bad).toBeUndefined();
  });
});

describe('the feed', () => {
  it('lists only published bodies and their meetings, past and future, a cancelled one with cancelled: true', async () => {
    expect((await list('/body/{id}/organizations', DISTRICT)).data.map((o) => o.id)).toEqual(
      ['ak-fluechtlingsarbeit', 'ak-frauen', 'ak-migration', 'integrationskurskonferenz', 'steering-group'].map((id) => `${BASE}/organization/${id}`),
    );
    const meetings = (await list('/body/{id}/meetings', DISTRICT)).data;
    // In order of the rule date: the calendar reads in order.
    expect(meetings.map((m) => [m.id, m.cancelled])).toEqual([
      [`${BASE}/meeting/ak-migration-2026-03-12`, false],
      [`${BASE}/meeting/integrationskurskonferenz-2026-09-03`, false],
      [`${BASE}/meeting/steering-group-2026-11-11`, false],
      [`${BASE}/meeting/steering-group-2027-05-12`, true],
    ]);
    expect((await list('/organization/{id}/meetings', 'steering-group')).data.map((m) => m.id)).toEqual([`${BASE}/meeting/steering-group-2026-11-11`, `${BASE}/meeting/steering-group-2027-05-12`]);
    expect((await list('/body/{id}/agendaitems', DISTRICT)).data.map((a) => a.name)).toEqual(['Bericht der Koordination', 'Lückenmeldungen aus den Arbeitskreisen']);
    for (const empty of ['/body/{id}/people', '/body/{id}/papers', '/body/{id}/consultations', '/body/{id}/files', '/body/{id}/legislativeterms']) {
      expect(await list(empty, DISTRICT), empty).toMatchObject({ data: [], pagination: { totalElements: 0 } });
    }
  });

  it('answers 404 for unknown ids and for everything of an unpublished body', async () => {
    const jourFixeMember = membershipId(must(MEMBERS[3], 'member'));
    for (const [path, id] of [
      ['/body/{id}', 'kreis-aachen'],
      ['/body/{id}/meetings', 'kreis-aachen'],
      ['/organization/{id}', 'jour-fixe'],
      ['/organization/{id}', 'unbekannt'],
      ['/organization/{id}/meetings', 'jour-fixe'],
      ['/meeting/{id}', 'jour-fixe-2026-12-08'],
      ['/meeting/{id}', 'steering-group-2030-01-01'],
      ['/meeting/{id}', '../system'],
      ['/location/{id}', 'jour-fixe-2026-12-08'],
      ['/agendaitem/{id}', 'jour-fixe-2026-12-08_j1'],
      ['/agendaitem/{id}', 'steering-group-2026-11-11_zz'],
      ['/agendaitem/{id}', 'quatsch'],
      ['/membership/{id}', jourFixeMember],
      ['/membership/{id}', 'lg-kanarienvogel'],
      ['/membership/{id}', '0'.repeat(32)],
    ] as const) {
      expect(await status(get(path, id)), `${path} ${id}`).toBe(404);
    }
    expect(await status(oparlAnswer(deps, '/api/cases', undefined, {}))).toBe(404);
    expect(await status(oparlAnswer(deps, '/oparl/v1/system', undefined, {}))).toBe(404);
  });

  it('never writes a name, an e-mail address, a user id, a guest or anything of the Jour fixe', async () => {
    const text = JSON.stringify(await everyAnswer());
    expect(text).not.toMatch(/@/);
    expect(text).not.toContain(CANARY);
    expect(text.toLowerCase()).not.toContain('kanarienvogel');
    for (const member of MEMBERS) {
      expect(text, member.name).not.toContain(member.name);
      expect(text, member.id).not.toContain(member.id);
    }
    // User ids of who added agenda items, the guest's topic, the internal body.
    for (const internal of ['sabine-kraemer', 'ayse-yilmaz', 'Vortrag', 'jour-fixe', 'Jour fixe', 'Fallbesprechung']) expect(text, internal).not.toContain(internal);
  });
});
