/**
 * The meetings API (/api/meetings/*, /api/bodies/*): one function for the coordination's meeting work, routed by
 * API Gateway's routeKey. Reading for all staff; changes for coordinators (checked in core).
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { baseDependencies } from '../../core/adapters/process-dependencies.ts';
import { tableDependencies } from '../../core/adapters/table-dependencies.ts';
import { callerFromEvent } from '../../core/identity/caller.ts';
import { notFound } from '../../core/http/api-error.ts';
import { readRequestBody } from '../../core/http/request-body.ts';
import { respond } from '../../core/http/respond.ts';
import { calendarEntry, agendaDescription } from '../../core/meetings/calendar-entry.ts';
import { meetingUid } from '../../core/meetings/meeting.ts';
import {
  addAgendaItem,
  addGuest,
  cancelMeeting,
  createOneOffMeeting,
  listMeetings,
  meetingDetail,
  meetingFor,
  removeAgendaItem,
  requireStaff,
  rescheduleMeeting,
  saveMembership,
} from '../../core/meetings/meeting-admin.ts';
import { recipientsOf } from '../../core/meetings/recipients.ts';

const MAX_BODY_BYTES = 16 * 1024;

function jsonBody(event: APIGatewayProxyEventV2WithJWTAuthorizer): unknown {
  const body = readRequestBody(event, MAX_BODY_BYTES);
  return body.kind === 'json' ? body.value : Object.fromEntries(body.value);
}

export const handler = async (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyStructuredResultV2> => {
  const deps = { ...baseDependencies(), ...tableDependencies() };
  const { id = '', memberId, itemId = '' } = event.pathParameters ?? {};
  return respond(async () => {
    const caller = callerFromEvent(event);
    const query = event.queryStringParameters ?? {};
    switch (event.routeKey) {
      case 'GET /api/meetings/{id}/invite.ics': {
        // The calendar entry itself, for the coordination's own calendar (same UID and SEQUENCE as the mails).
        requireStaff(caller);
        const meeting = await meetingFor(deps, id);
        const { coordination } = deps.profile.district;
        const text = calendarEntry({
          method: meeting.status === 'cancelled' ? 'CANCEL' : 'REQUEST',
          uid: meetingUid(meeting.meetingId, deps.profile.district.id),
          sequence: meeting.sequence,
          start: new Date(meeting.start),
          end: new Date(meeting.end),
          summary: deps.profile.bodies.find((b) => b.id === meeting.bodyId)?.name ?? meeting.bodyId,
          location: meeting.location,
          description: agendaDescription(meeting.agenda.map((a) => a.title)),
          organizer: { name: coordination.name, email: coordination.contact.email },
          attendees: await recipientsOf(deps, meeting),
          timeZone: deps.profile.district.timeZone,
          stamp: deps.clock.now(),
        });
        return { statusCode: 200, text, headers: { 'content-type': 'text/calendar; charset=utf-8; method=' + (meeting.status === 'cancelled' ? 'CANCEL' : 'REQUEST'), 'content-disposition': `attachment; filename="${meeting.meetingId}.ics"` } };
      }
      case 'GET /api/bodies':
        requireStaff(caller);
        return {
          statusCode: 200,
          body: {
            bodies: await Promise.all(
              deps.profile.bodies.map(async (b) => ({ id: b.id, name: b.name, kind: b.kind, rrule: b.rrule, start: b.start, durationMinutes: b.durationMinutes, location: b.location, memberRoles: b.memberRoles, members: await deps.meetings.listMembers(b.id) })),
            ),
          },
        };
      case 'POST /api/bodies/{id}/members':
        return { statusCode: 201, body: await saveMembership(deps, caller, id, undefined, jsonBody(event)) };
      case 'PUT /api/bodies/{id}/members/{memberId}':
        return { statusCode: 200, body: await saveMembership(deps, caller, id, memberId, jsonBody(event)) };
      case 'GET /api/meetings':
        return { statusCode: 200, body: { meetings: await listMeetings(deps, caller, { ...(query.from === undefined ? {} : { from: query.from }), ...(query.to === undefined ? {} : { to: query.to }), ...(query.body === undefined ? {} : { body: query.body }) }) } };
      case 'POST /api/meetings':
        return { statusCode: 201, body: await createOneOffMeeting(deps, caller, jsonBody(event)) };
      case 'GET /api/meetings/{id}': {
        const meeting = await meetingFor(deps, id);
        return { statusCode: 200, body: await meetingDetail(deps, caller, id, await recipientsOf(deps, meeting)) };
      }
      case 'POST /api/meetings/{id}/reschedule':
        return { statusCode: 200, body: await rescheduleMeeting(deps, caller, id, jsonBody(event)) };
      case 'POST /api/meetings/{id}/cancel':
        return { statusCode: 200, body: await cancelMeeting(deps, caller, id) };
      case 'POST /api/meetings/{id}/agenda':
        return { statusCode: 200, body: await addAgendaItem(deps, caller, id, jsonBody(event)) };
      case 'DELETE /api/meetings/{id}/agenda/{itemId}':
        return { statusCode: 200, body: await removeAgendaItem(deps, caller, id, itemId) };
      case 'POST /api/meetings/{id}/guests':
        return { statusCode: 200, body: await addGuest(deps, caller, id, jsonBody(event)) };
      default:
        throw notFound('Die Anfrage');
    }
  });
};
