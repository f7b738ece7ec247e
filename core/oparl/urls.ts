/**
 * The OParl feed's URLs. Every object's `id` is its absolute URL (OParl 1.1), built from the configured app URL
 * (APP_URL): in AWS the feed is served by CloudFront under `${appUrl}/oparl/v1/…` (the site stack's `/oparl/*`
 * behaviour in front of the HTTP API), under `npm start` by the dev server at the same path. Never from the
 * request's Host header: answers are cached by CloudFront, and a forged Host must not end up in them.
 */

/** Path prefix of the feed; the version is part of it so a later OParl version can live beside it. */
export const OPARL_PREFIX = '/oparl/v1';

/** The external object lists of a Body (OParl 1.1 requires a URL for each). */
export const BODY_LISTS = ['organizations', 'people', 'meetings', 'papers', 'agendaitems', 'consultations', 'files', 'locations', 'legislativeterms', 'memberships'] as const;
export type BodyList = (typeof BODY_LISTS)[number];

export interface OparlUrls {
  readonly system: string;
  readonly bodies: string;
  body(bodyId: string): string;
  bodyList(bodyId: string, list: BodyList): string;
  organization(organizationId: string): string;
  organizationMeetings(organizationId: string): string;
  meeting(meetingId: string): string;
  agendaItem(agendaItemId: string): string;
  membership(membershipId: string): string;
  location(locationId: string): string;
}

export function oparlUrls(appUrl: string): OparlUrls {
  const base = `${appUrl.replace(/\/+$/, '')}${OPARL_PREFIX}`;
  const at = (...segments: string[]): string => `${base}/${segments.map(encodeURIComponent).join('/')}`;
  return {
    system: at('system'),
    bodies: at('bodies'),
    body: (bodyId) => at('body', bodyId),
    bodyList: (bodyId, list) => at('body', bodyId, list),
    organization: (organizationId) => at('organization', organizationId),
    organizationMeetings: (organizationId) => at('organization', organizationId, 'meetings'),
    meeting: (meetingId) => at('meeting', meetingId),
    agendaItem: (agendaItemId) => at('agendaitem', agendaItemId),
    membership: (membershipId) => at('membership', membershipId),
    location: (locationId) => at('location', locationId),
  };
}

/** `url` with the given parameters (undefined ones left out), in the order given: one canonical URL per page. */
export function withQuery(url: string, parameters: readonly (readonly [string, string | undefined])[]): string {
  const search = new URLSearchParams();
  for (const [name, value] of parameters) if (value !== undefined) search.append(name, value);
  const query = search.toString();
  return query === '' ? url : `${url}?${query}`;
}
