/**
 * The bodies (Gremien) and their memberships: who is invited to a body's meetings, in which role, from when until
 * when. Read by all staff — with each body's calendar feed and, for the public bodies, its OParl list, the links the
 * annual plan hands out — and changed by the coordination. Members' addresses are not public: staff only.
 */
import { randomUUID } from 'node:crypto';
import '../validation/zod-german.ts';
import { formatGerman } from '../calendar/german-format.ts';
import { notFound, validationFailed } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import { membershipsOverlap, type BodyMember } from '../profile/demo-data-schema.ts';
import type { Body } from '../profile/schema.ts';
import { formatIssues } from '../validation/format-issues.ts';
import { bodyLinks, type BodyLinks } from './body-links.ts';
import { requireCoordinator, requireStaff, type MeetingDependencies } from './meeting-admin.ts';
import { memberInput } from './meeting-inputs.ts';
import type { MeetingRepository } from './ports.ts';

/** What memberships need of the table. */
type MemberStore = Pick<MeetingRepository, 'listMembers' | 'saveMember'>;

export type BodyOverview = Pick<Body, 'id' | 'name' | 'kind' | 'rrule' | 'start' | 'durationMinutes' | 'location' | 'memberRoles'> & {
  readonly members: BodyMember[];
  readonly links: BodyLinks;
};

export interface BodyListDependencies extends Pick<MeetingDependencies, 'profile'> {
  readonly meetings: Pick<MemberStore, 'listMembers'>;
  /** The site's address: the feeds are served under it (CloudFront in front of the API, or `npm start`). */
  readonly appUrl: string;
  /** The key that signs the calendar-feed URLs (body-feed.ts). */
  readonly linkSecret: () => Promise<string>;
}

export async function listBodies(deps: BodyListDependencies, caller: Caller): Promise<{ bodies: BodyOverview[] }> {
  requireStaff(caller);
  const secret = await deps.linkSecret();
  return {
    bodies: await Promise.all(
      deps.profile.bodies.map(async (b) => ({
        id: b.id,
        name: b.name,
        kind: b.kind,
        rrule: b.rrule,
        start: b.start,
        durationMinutes: b.durationMinutes,
        location: b.location,
        memberRoles: b.memberRoles,
        members: await deps.meetings.listMembers(b.id),
        links: bodyLinks(b, deps.appUrl, secret),
      })),
    ),
  };
}

const germanDate = (isoDate: string): string => formatGerman(new Date(`${isoDate}T12:00:00Z`), 'date', 'UTC');

const period = (member: Pick<BodyMember, 'from' | 'to'>): string => (member.to === undefined ? `seit ${germanDate(member.from)}` : `vom ${germanDate(member.from)} bis ${germanDate(member.to)}`);

/**
 * Adds a membership (memberId undefined) or replaces one, e.g. with a "to" that ends it. The same address twice in
 * one body at overlapping times is refused (it would get every invitation twice); two coordinators saving the same
 * person at the same moment could still both pass, which the next look at the page shows.
 */
export async function saveMembership(deps: Pick<MeetingDependencies, 'profile' | 'clock'> & { readonly meetings: MemberStore }, caller: Caller, bodyId: string, memberId: string | undefined, raw: unknown): Promise<BodyMember> {
  requireCoordinator(caller);
  const body = deps.profile.bodies.find((b) => b.id === bodyId);
  if (body === undefined) throw notFound('Das Gremium');
  const parsed = memberInput
    .superRefine((value, ctx) => {
      if (!body.memberRoles.some((r) => r.id === value.roleId)) ctx.addIssue({ code: 'custom', path: ['roleId'], message: 'ist keine Rolle dieses Gremiums' });
      if (value.to !== undefined && value.to < value.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'darf nicht vor dem Beginn liegen' });
    })
    .safeParse(raw);
  if (!parsed.success) throw validationFailed(formatIssues(parsed.error.issues));
  const members = await deps.meetings.listMembers(bodyId);
  if (memberId !== undefined && !members.some((m) => m.id === memberId)) throw notFound('Die Mitgliedschaft');
  const member: BodyMember = { id: memberId ?? randomUUID(), bodyId, ...parsed.data };
  const clash = members.find((other) => other.id !== member.id && membershipsOverlap(other, member));
  if (clash !== undefined) throw validationFailed([{ field: 'email', message: `ist in diesem Gremium im selben Zeitraum bereits Mitglied (${period(clash)}); beenden oder ändern Sie diese Mitgliedschaft` }]);
  await deps.meetings.saveMember(member, deps.clock.now());
  return member;
}
