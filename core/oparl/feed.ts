/**
 * The OParl 1.1 feed of the district's public bodies (read-only, no sign-in): one route per resource, each
 * answered from the district profile (the Body, the Organizations) and the meeting repository (meetings, agenda
 * items, memberships). Only published bodies (published-bodies.ts) appear, with all their meetings, past and
 * future; a cancelled meeting stays in the feed with `cancelled: true`. An unknown id and the id of something
 * unpublished (the Jour fixe, its meetings) are the same: not found.
 */
import { notFound } from '../errors.ts';
import { MEETING_ID, type MeetingRecord } from '../meetings/meeting.ts';
import type { MeetingRepository } from '../meetings/ports.ts';
import type { BodyMember } from '../profile/demo-data-schema.ts';
import type { Body, DistrictProfile } from '../profile/schema.ts';
import {
  membershipId,
  oparlAgendaItem,
  oparlBody,
  oparlLocation,
  oparlMeeting,
  oparlMembership,
  oparlOrganization,
  oparlSystem,
  splitAgendaItemId,
  type OparlContext,
} from './objects.ts';
import { listPage, parseListQuery, type ListEntry, type ListQuery } from './pagination.ts';
import { publishedBodies, publishedBody } from './published-bodies.ts';
import { OPARL_PATHS, type OparlPath } from './routes.ts';
import { oparlUrls, type BodyList } from './urls.ts';

export interface OparlDependencies {
  readonly profile: DistrictProfile;
  readonly meetings: Pick<MeetingRepository, 'getMeeting' | 'listMeetings' | 'listMembers'>;
  /** Where the feed is reached (APP_URL): every id and link is absolute and starts with it. */
  readonly appUrl: string;
}

interface Feed extends OparlContext {
  readonly deps: OparlDependencies;
}

// Every meeting ever stored: the feed shows past and future ones alike.
const EARLIEST = new Date(0);
const LATEST = new Date('9999-12-31T23:59:59Z');
const MEMBERSHIP_ID = /^[0-9a-f]{32}$/;

interface BodyMeeting {
  readonly body: Body;
  readonly meeting: MeetingRecord;
}

async function meetingsOf(feed: Feed, bodies: readonly Body[]): Promise<BodyMeeting[]> {
  const perBody = await Promise.all(
    bodies.map(async (body) => (await feed.deps.meetings.listMeetings(EARLIEST, LATEST, body.id)).filter((m) => m.bodyId === body.id).map((meeting) => ({ body, meeting }))),
  );
  return perBody.flat();
}

async function membersOf(feed: Feed, body: Body): Promise<BodyMember[]> {
  return (await feed.deps.meetings.listMembers(body.id)).filter((member) => member.bodyId === body.id);
}

/** Sorts by rule date first (it never changes, unlike the start of a rescheduled meeting), then by id. */
const meetingKey = (meeting: MeetingRecord): string => `${meeting.ruleDate}_${meeting.meetingId}`;

function meetingEntries(feed: Feed, meetings: readonly BodyMeeting[]): ListEntry<unknown>[] {
  return meetings.map(({ body, meeting }) => ({ key: meetingKey(meeting), created: meeting.createdAt, modified: meeting.updatedAt, object: oparlMeeting(feed, body, meeting) }));
}

function requireDistrict(feed: Feed, bodyId: string): void {
  if (bodyId !== feed.profile.district.id) throw notFound('Die Körperschaft');
}

/** The meeting if it exists and belongs to a published body; else "not found", naming what was asked for. */
async function publishedMeeting(feed: Feed, meetingId: string, what = 'Die Sitzung'): Promise<BodyMeeting> {
  const meeting = MEETING_ID.test(meetingId) ? await feed.deps.meetings.getMeeting(meetingId) : undefined;
  const body = meeting === undefined ? undefined : publishedBody(feed.profile, meeting.bodyId);
  if (meeting === undefined || body === undefined) throw notFound(what);
  return { body, meeting };
}

async function bodyListPage(feed: Feed, bodyId: string, list: BodyList, query: ListQuery): Promise<unknown> {
  requireDistrict(feed, bodyId);
  const url = feed.urls.bodyList(bodyId, list);
  const bodies = publishedBodies(feed.profile);
  switch (list) {
    case 'organizations': {
      const entries = await Promise.all(bodies.map(async (body) => ({ key: body.id, object: oparlOrganization(feed, body, await membersOf(feed, body)) })));
      return listPage(url, entries, query);
    }
    case 'meetings':
      return listPage(url, meetingEntries(feed, await meetingsOf(feed, bodies)), query);
    case 'agendaitems': {
      const entries = (await meetingsOf(feed, bodies)).flatMap(({ meeting }) =>
        meeting.agenda.flatMap((item, order) => {
          const object = oparlAgendaItem(feed, meeting, order);
          return object === undefined ? [] : [{ key: `${meetingKey(meeting)}_${item.addedAt}_${item.itemId}`, created: item.addedAt, modified: meeting.updatedAt, object }];
        }),
      );
      return listPage(url, entries, query);
    }
    case 'locations': {
      const entries = (await meetingsOf(feed, bodies)).map(({ meeting }) => ({ key: meetingKey(meeting), created: meeting.createdAt, modified: meeting.updatedAt, object: oparlLocation(feed, meeting, true) }));
      return listPage(url, entries, query);
    }
    case 'memberships': {
      const perBody = await Promise.all(bodies.map(async (body) => (await membersOf(feed, body)).map((member) => ({ key: membershipId(member), object: oparlMembership(feed, body, member) }))));
      return listPage(url, perBody.flat(), query);
    }
    // Nothing of these exists in KIM: no papers, files or consultations, no elected terms, and no person is
    // published (see objects.ts). The lists exist because OParl 1.1 requires their URLs in the Body.
    case 'people':
    case 'papers':
    case 'consultations':
    case 'files':
    case 'legislativeterms':
      return listPage(url, [], query);
  }
}

type RawQuery = Readonly<Record<string, string | undefined>>;
/** Lists read their parameters (and refuse bad ones as invalid input); single objects ignore the query. */
type Resolver = (feed: Feed, id: string, query: RawQuery) => Promise<unknown>;

const bodyList =
  (list: BodyList): Resolver =>
  (feed, id, query) =>
    bodyListPage(feed, id, list, parseListQuery(query));

/** What answers each route of routes.ts (relative to /oparl/v1). */
const RESOURCES: Readonly<Record<OparlPath, Resolver>> = {
  '/system': (feed) => Promise.resolve(oparlSystem(feed)),
  '/bodies': (feed, _id, query) => Promise.resolve(listPage(feed.urls.bodies, [{ key: feed.profile.district.id, object: oparlBody(feed) }], parseListQuery(query))),
  '/body/{id}': (feed, id) => {
    requireDistrict(feed, id);
    return Promise.resolve(oparlBody(feed));
  },
  '/body/{id}/organizations': bodyList('organizations'),
  '/body/{id}/people': bodyList('people'),
  '/body/{id}/meetings': bodyList('meetings'),
  '/body/{id}/papers': bodyList('papers'),
  '/body/{id}/agendaitems': bodyList('agendaitems'),
  '/body/{id}/consultations': bodyList('consultations'),
  '/body/{id}/files': bodyList('files'),
  '/body/{id}/locations': bodyList('locations'),
  '/body/{id}/legislativeterms': bodyList('legislativeterms'),
  '/body/{id}/memberships': bodyList('memberships'),
  '/organization/{id}': async (feed, id) => {
    const body = publishedBody(feed.profile, id);
    if (body === undefined) throw notFound('Das Gremium');
    return oparlOrganization(feed, body, await membersOf(feed, body));
  },
  '/organization/{id}/meetings': async (feed, id, query) => {
    const body = publishedBody(feed.profile, id);
    if (body === undefined) throw notFound('Das Gremium');
    return listPage(feed.urls.organizationMeetings(id), meetingEntries(feed, await meetingsOf(feed, [body])), parseListQuery(query));
  },
  '/meeting/{id}': async (feed, id) => {
    const { body, meeting } = await publishedMeeting(feed, id);
    return oparlMeeting(feed, body, meeting);
  },
  '/agendaitem/{id}': async (feed, id) => {
    const parts = splitAgendaItemId(id);
    if (parts === undefined) throw notFound('Der Tagesordnungspunkt');
    const { meeting } = await publishedMeeting(feed, parts.meetingId, 'Der Tagesordnungspunkt');
    const item = oparlAgendaItem(feed, meeting, meeting.agenda.findIndex((a) => a.itemId === parts.itemId));
    if (item === undefined) throw notFound('Der Tagesordnungspunkt');
    return item;
  },
  '/membership/{id}': async (feed, id) => {
    if (MEMBERSHIP_ID.test(id)) {
      for (const body of publishedBodies(feed.profile)) {
        const member = (await membersOf(feed, body)).find((m) => membershipId(m) === id);
        if (member !== undefined) return oparlMembership(feed, body, member);
      }
    }
    throw notFound('Die Mitgliedschaft');
  },
  '/location/{id}': async (feed, id) => {
    const { meeting } = await publishedMeeting(feed, id, 'Der Ort');
    return oparlLocation(feed, meeting, true);
  },
};

/**
 * The answer for one request: `path` the feed's resource as routes.ts names it (`/meeting/{id}`), `id` its path
 * parameter. Refuses (not found) unknown resources and unknown or unpublished ids, (invalid input) list parameters
 * it cannot read.
 */
export async function oparlAnswer(deps: OparlDependencies, path: string, id: string | undefined, query: Readonly<Record<string, string | undefined>>): Promise<unknown> {
  const known = OPARL_PATHS.find((candidate) => candidate === path);
  const resolve = known === undefined ? undefined : RESOURCES[known];
  if (resolve === undefined) throw notFound('Die Seite');
  const feed: Feed = { deps, profile: deps.profile, urls: oparlUrls(deps.appUrl) };
  return resolve(feed, id ?? '', query);
}
