/**
 * Where a body's dates can be followed (the annual plan): its signed calendar feed (body-feed.ts), which calendar
 * programs fetch without a sign-in, and for the bodies the public OParl feed shows (core/oparl/published-bodies.ts)
 * that feed's list of the body's meetings. The Jour fixe is internal: it has no OParl link.
 */
import { isPublishedBody } from '../oparl/published-bodies.ts';
import { oparlUrls } from '../oparl/urls.ts';
import type { Body } from '../profile/schema.ts';
import { feedUrl } from './body-feed.ts';

export interface BodyLinks {
  readonly calendarFeed: string;
  readonly oparlMeetings?: string;
}

export function bodyLinks(body: Body, appUrl: string, secret: string): BodyLinks {
  return { calendarFeed: feedUrl(appUrl, body.id, secret), ...(isPublishedBody(body) ? { oparlMeetings: oparlUrls(appUrl).organizationMeetings(body.id) } : {}) };
}
