/**
 * The meetings API (/api/meetings/*, /api/bodies/*): one function for the coordination's meeting work, its routes
 * picked by middy's http-router. Reading for all staff; changes for coordinators (checked in core).
 */
import { meetingCalendarFile } from '../../core/meetings/meeting-calendar-file.ts';
import {
  addAgendaItem,
  addGuest,
  createOneOffMeeting,
  listMeetings,
  removeGuest,
  rescheduleMeeting,
} from '../../core/meetings/meeting-admin.ts';
import { listBodies, saveMembership } from '../../core/meetings/memberships.ts';
import { linkSecretDependencies } from '../_shared/dependencies/link-secret.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { bodyValues } from '../_shared/http/api-request.ts';
import { created, ok } from '../_shared/http/http-answer.ts';
import { idPath } from '../_shared/http/route-schemas.ts';
import { signedInRoute, signedInRouter } from '../_shared/http-router.ts';
import { actionPath, agendaItemPath, guestPath, meetingsQuery, memberPath, topicsListQuery } from './schema.ts';
import { getMinutes, markActionDone, meetingPage, saveMinutes } from '../../core/meetings/minutes-admin.ts';
import { releaseMinutes } from '../../core/meetings/minutes-release.ts';
import { DynamoGapReportReader } from '../../core/adapters/dynamo-gap-report-reader.ts';
import { DynamoTopicRepository } from '../../core/adapters/dynamo-topic-repository.ts';
import { acceptTopic, cancelMeetingWithTopics, declineTopic, linkableGapReports, listTopics, proposeTopic, removeAgendaItemWithTopic } from '../../core/meetings/meeting-topics.ts';

const MAX_BODY_BYTES = 16 * 1024;
/** A whole draft of the minutes: up to 60 items with discussion, decisions and action items. */
const MINUTES_MAX_BODY_BYTES = 256 * 1024;
// The link key signs the bodies' calendar-feed URLs (GET /api/bodies, for the annual plan).
const deps = () => ({ ...baseDependencies(), ...tableDependencies(), ...linkSecretDependencies() });

/** The topics' and gap reports' repositories beside the meeting dependencies: a topic may link a gap report, a decision in the minutes becomes one's outcome. */
function topicDeps() {
  const base = deps();
  return { ...base, topics: new DynamoTopicRepository(base.documents, base.tableName), gapReports: new DynamoGapReportReader(base.documents, base.tableName) };
}

export const handler = signedInRouter([
  signedInRoute({ method: 'GET', path: '/api/bodies', schema: {}, handle: async ({ caller }) => ok(await listBodies(deps(), caller)) }),
  signedInRoute({ method: 'POST', path: '/api/bodies/{id}/members', schema: { path: idPath, maxBodyBytes: MAX_BODY_BYTES }, handle: async ({ caller, path, body }) => created(await saveMembership(deps(), caller, path.id, undefined, bodyValues(body))) }),
  signedInRoute({ method: 'PUT', path: '/api/bodies/{id}/members/{memberId}', schema: { path: memberPath, maxBodyBytes: MAX_BODY_BYTES }, handle: async ({ caller, path, body }) => ok(await saveMembership(deps(), caller, path.id, path.memberId, bodyValues(body))) }),
  signedInRoute({ method: 'GET', path: '/api/meetings', schema: { query: meetingsQuery }, handle: async ({ caller, query }) => ok({ meetings: await listMeetings(deps(), caller, query) }) }),
  signedInRoute({ method: 'POST', path: '/api/meetings', schema: { maxBodyBytes: MAX_BODY_BYTES }, handle: async ({ caller, body }) => created(await createOneOffMeeting(deps(), caller, bodyValues(body))) }),
  signedInRoute({ method: 'GET', path: '/api/meetings/{id}', schema: { path: idPath }, handle: async ({ caller, path }) => ok(await meetingPage(topicDeps(), caller, path.id)) }),
  signedInRoute({ method: 'GET', path: '/api/meetings/{id}/minutes', schema: { path: idPath }, handle: async ({ caller, path }) => ok(await getMinutes(topicDeps(), caller, path.id)) }),
  signedInRoute({ method: 'PUT', path: '/api/meetings/{id}/minutes', schema: { path: idPath, maxBodyBytes: MINUTES_MAX_BODY_BYTES }, handle: async ({ caller, path, body }) => ok(await saveMinutes(topicDeps(), caller, path.id, bodyValues(body))) }),
  signedInRoute({ method: 'POST', path: '/api/meetings/{id}/minutes/release', schema: { path: idPath, maxBodyBytes: MAX_BODY_BYTES }, handle: async ({ caller, path, body }) => ok(await releaseMinutes(topicDeps(), caller, path.id, bodyValues(body))) }),
  signedInRoute({ method: 'POST', path: '/api/meetings/{id}/actions/{actionId}/done', schema: { path: actionPath }, handle: async ({ caller, path }) => ok(await markActionDone(topicDeps(), caller, path.id, path.actionId)) }),
  signedInRoute({
    method: 'GET',
    path: '/api/meetings/{id}/invite.ics',
    schema: { path: idPath },
    handle: async ({ caller, path }) => {
      const file = await meetingCalendarFile(deps(), caller, path.id);
      return { statusCode: 200, text: file.text, headers: { 'content-type': `text/calendar; charset=utf-8; method=${file.method}`, 'content-disposition': `attachment; filename="${file.fileName}"` } };
    },
  }),
  signedInRoute({ method: 'POST', path: '/api/meetings/{id}/reschedule', schema: { path: idPath, maxBodyBytes: MAX_BODY_BYTES }, handle: async ({ caller, path, body }) => ok(await rescheduleMeeting(deps(), caller, path.id, bodyValues(body))) }),
  signedInRoute({ method: 'POST', path: '/api/meetings/{id}/cancel', schema: { path: idPath }, handle: async ({ caller, path }) => ok(await cancelMeetingWithTopics(topicDeps(), caller, path.id)) }),
  signedInRoute({ method: 'POST', path: '/api/meetings/{id}/agenda', schema: { path: idPath, maxBodyBytes: MAX_BODY_BYTES }, handle: async ({ caller, path, body }) => ok(await addAgendaItem(deps(), caller, path.id, bodyValues(body))) }),
  signedInRoute({ method: 'DELETE', path: '/api/meetings/{id}/agenda/{itemId}', schema: { path: agendaItemPath }, handle: async ({ caller, path }) => ok(await removeAgendaItemWithTopic(topicDeps(), caller, path.id, path.itemId)) }),
  signedInRoute({ method: 'POST', path: '/api/meetings/{id}/guests', schema: { path: idPath, maxBodyBytes: MAX_BODY_BYTES }, handle: async ({ caller, path, body }) => ok(await addGuest(deps(), caller, path.id, bodyValues(body))) }),
  signedInRoute({ method: 'DELETE', path: '/api/meetings/{id}/guests/{guestId}', schema: { path: guestPath }, handle: async ({ caller, path }) => ok(await removeGuest(deps(), caller, path.id, path.guestId)) }),
  // Jour fixe topics (core/meetings/meeting-topics.ts): accepting one changes a meeting's agenda, so they live here.
  signedInRoute({ method: 'GET', path: '/api/topics', schema: { query: topicsListQuery }, handle: async ({ caller, query }) => ok(await listTopics(topicDeps(), caller, query)) }),
  signedInRoute({ method: 'POST', path: '/api/topics', schema: { maxBodyBytes: MAX_BODY_BYTES }, handle: async ({ caller, body }) => created(await proposeTopic(topicDeps(), caller, bodyValues(body))) }),
  signedInRoute({ method: 'GET', path: '/api/topics/gap-reports', schema: {}, handle: async ({ caller }) => ok(await linkableGapReports(topicDeps(), caller)) }),
  signedInRoute({ method: 'POST', path: '/api/topics/{id}/accept', schema: { path: idPath, maxBodyBytes: MAX_BODY_BYTES }, handle: async ({ caller, path, body }) => ok(await acceptTopic(topicDeps(), caller, path.id, bodyValues(body))) }),
  signedInRoute({ method: 'POST', path: '/api/topics/{id}/decline', schema: { path: idPath, maxBodyBytes: MAX_BODY_BYTES }, handle: async ({ caller, path, body }) => ok(await declineTopic(topicDeps(), caller, path.id, bodyValues(body))) }),
]);
