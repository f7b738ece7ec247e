/**
 * KIM's bodies and meetings as OParl 1.1 objects (https://schema.oparl.org/1.1/). Pure mapping: what is in the
 * answer is decided here and only here, and it is little on purpose:
 *  - no personal data: no member or guest names, no e-mail addresses (not even the coordination's functional
 *    mailbox), no user ids (an agenda item's `addedBy`), nothing from cases or clients (the feed never reads them);
 *  - no oparl:Person at all: the profile and the memberships carry no consent to publish a member's name, so a
 *    Membership has its organisation, role and dates but no `person` (OParl makes `person` optional), and the
 *    people list is empty; the membership's id is a hash, since stored member ids may be name slugs;
 *  - no `web` links: the app's pages need a sign-in, they are no public view of these objects;
 *  - `created`/`modified` only where the items carry timestamps (meetings, their agenda items and locations);
 *    the profile's bodies and the memberships have none, so their objects have neither.
 */
import { createHash } from 'node:crypto';
import type { MeetingRecord } from '../meetings/meeting.ts';
import type { BodyMember } from '../profile/demo-data-schema.ts';
import type { Body, BodyKind, DistrictProfile } from '../profile/schema.ts';
import { oparlDateTime } from './date-time.ts';
import type { BodyList, OparlUrls } from './urls.ts';

export const OPARL_VERSION = 'https://schema.oparl.org/1.1/';
const typeOf = (name: 'System' | 'Body' | 'Organization' | 'Meeting' | 'AgendaItem' | 'Membership' | 'Location'): string => `${OPARL_VERSION}${name}`;

interface Timestamps {
  readonly created?: string;
  readonly modified?: string;
}

export interface OparlSystem {
  readonly id: string;
  readonly type: string;
  readonly oparlVersion: string;
  readonly body: string;
  readonly name: string;
}

export interface OparlBody {
  readonly id: string;
  readonly type: string;
  readonly system: string;
  readonly name: string;
  readonly shortName: string;
  readonly organization: string;
  readonly person: string;
  readonly meeting: string;
  readonly paper: string;
  readonly agendaItem: string;
  readonly consultation: string;
  readonly file: string;
  readonly locationList: string;
  readonly legislativeTermList: string;
  readonly membership: string;
  /** KIM's bodies are appointed, not elected: no legislative terms. */
  readonly legislativeTerm: readonly never[];
}

export interface OparlOrganization {
  readonly id: string;
  readonly type: string;
  readonly body: string;
  readonly name: string;
  readonly organizationType: string;
  readonly classification: string;
  readonly post: readonly string[];
  readonly meeting: string;
  readonly membership: readonly string[];
}

export interface OparlLocation extends Timestamps {
  readonly id: string;
  readonly type: string;
  readonly description: string;
  /** Only when the location is fetched by itself, not inside its meeting. */
  readonly meetings?: readonly string[];
}

export interface OparlAgendaItem extends Timestamps {
  readonly id: string;
  readonly type: string;
  readonly meeting: string;
  readonly number: string;
  readonly order: number;
  readonly name: string;
}

export interface OparlMeeting extends Timestamps {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly cancelled: boolean;
  readonly start: string;
  readonly end: string;
  readonly location: OparlLocation;
  readonly organization: readonly string[];
  readonly agendaItem: readonly OparlAgendaItem[];
}

export interface OparlMembership {
  readonly id: string;
  readonly type: string;
  readonly organization: string;
  readonly role: string;
  readonly startDate: string;
  readonly endDate?: string;
}

/** What the mapping needs besides the record: URLs and the district (name, time zone). */
export interface OparlContext {
  readonly urls: OparlUrls;
  readonly profile: DistrictProfile;
}

const CLASSIFICATION: Readonly<Record<BodyKind, string>> = {
  jourFixe: 'Dienstbesprechung',
  steeringGroup: 'Lenkungsgruppe',
  workingGroup: 'Arbeitskreis',
  conference: 'Konferenz',
};

export function oparlSystem(context: OparlContext): OparlSystem {
  return {
    id: context.urls.system,
    type: typeOf('System'),
    oparlVersion: OPARL_VERSION,
    body: context.urls.bodies,
    name: `KIM Flow – Kommunales Integrationsmanagement ${context.profile.district.name}`,
  };
}

export function oparlBody(context: OparlContext): OparlBody {
  const { urls, profile } = context;
  const id = profile.district.id;
  const list = (name: BodyList): string => urls.bodyList(id, name);
  return {
    id: urls.body(id),
    type: typeOf('Body'),
    system: urls.system,
    name: `Kommunales Integrationsmanagement ${profile.district.name}`,
    shortName: `KIM ${profile.district.name}`,
    organization: list('organizations'),
    person: list('people'),
    meeting: list('meetings'),
    paper: list('papers'),
    agendaItem: list('agendaitems'),
    consultation: list('consultations'),
    file: list('files'),
    locationList: list('locations'),
    legislativeTermList: list('legislativeterms'),
    membership: list('memberships'),
    legislativeTerm: [],
  };
}

export function oparlOrganization(context: OparlContext, body: Body, members: readonly BodyMember[]): OparlOrganization {
  const { urls, profile } = context;
  return {
    id: urls.organization(body.id),
    type: typeOf('Organization'),
    body: urls.body(profile.district.id),
    name: body.name,
    organizationType: 'Gremium',
    classification: CLASSIFICATION[body.kind],
    post: body.memberRoles.map((role) => role.name),
    meeting: urls.organizationMeetings(body.id),
    membership: members.map((member) => urls.membership(membershipId(member))).sort(),
  };
}

/**
 * The public id of a membership: stored member ids may be made of the person's name (the demo data's
 * `lg-sabine-kraemer`), so the feed shows a hash of body and member id instead. Memberships created in the app
 * get random ids, so the hash cannot be traced back to a person there.
 */
export function membershipId(member: Pick<BodyMember, 'bodyId' | 'id'>): string {
  return createHash('sha256').update(`oparl-membership\n${member.bodyId}\n${member.id}`).digest('hex').slice(0, 32);
}

export function oparlMembership(context: OparlContext, body: Body, member: BodyMember): OparlMembership {
  // The person is left out on purpose (see the top of this file): neither `person` nor a name, nor an address.
  return {
    id: context.urls.membership(membershipId(member)),
    type: typeOf('Membership'),
    organization: context.urls.organization(body.id),
    role: body.memberRoles.find((role) => role.id === member.roleId)?.name ?? member.roleId,
    startDate: member.from,
    ...(member.to === undefined ? {} : { endDate: member.to }),
  };
}

function timestamps(context: OparlContext, created: string, modified: string): Required<Timestamps> {
  const zone = context.profile.district.timeZone;
  return { created: oparlDateTime(created, zone), modified: oparlDateTime(modified, zone) };
}

/** A meeting's place, one Location per meeting (its id is the meeting's): a reschedule may move only this one. */
export function oparlLocation(context: OparlContext, meeting: MeetingRecord, standalone: boolean): OparlLocation {
  return {
    id: context.urls.location(meeting.meetingId),
    type: typeOf('Location'),
    description: meeting.location,
    ...(standalone ? { meetings: [context.urls.meeting(meeting.meetingId)] } : {}),
    ...timestamps(context, meeting.createdAt, meeting.updatedAt),
  };
}

/** `<meetingId>_<itemId>`: neither part contains `_`, so the agenda item is found from its meeting. */
export const agendaItemId = (meetingId: string, itemId: string): string => `${meetingId}_${itemId}`;

export function splitAgendaItemId(id: string): { meetingId: string; itemId: string } | undefined {
  const found = /^([a-z0-9-]{1,80}-\d{4}-\d{2}-\d{2})_([A-Za-z0-9-]{1,64})$/.exec(id);
  return found?.[1] === undefined || found[2] === undefined ? undefined : { meetingId: found[1], itemId: found[2] };
}

export function oparlAgendaItem(context: OparlContext, meeting: MeetingRecord, order: number): OparlAgendaItem | undefined {
  const item = meeting.agenda[order];
  if (item === undefined) return undefined;
  // Only the title: who added it (a user id) stays internal. `modified` is the meeting's: removing an earlier item
  // changes this one's number and order.
  return {
    id: context.urls.agendaItem(agendaItemId(meeting.meetingId, item.itemId)),
    type: typeOf('AgendaItem'),
    meeting: context.urls.meeting(meeting.meetingId),
    number: String(order + 1),
    order,
    name: item.title,
    ...timestamps(context, item.addedAt, meeting.updatedAt),
  };
}

export function oparlMeeting(context: OparlContext, body: Body, meeting: MeetingRecord): OparlMeeting {
  const zone = context.profile.district.timeZone;
  // Guests, invitees, RSVP answers and the change log are left out: they name people.
  return {
    id: context.urls.meeting(meeting.meetingId),
    type: typeOf('Meeting'),
    name: body.name,
    cancelled: meeting.status === 'cancelled',
    start: oparlDateTime(meeting.start, zone),
    end: oparlDateTime(meeting.end, zone),
    location: oparlLocation(context, meeting, false),
    organization: [context.urls.organization(body.id)],
    agendaItem: meeting.agenda.flatMap((_item, order) => oparlAgendaItem(context, meeting, order) ?? []),
    ...timestamps(context, meeting.createdAt, meeting.updatedAt),
  };
}
