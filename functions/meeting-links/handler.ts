/**
 * The public meeting links (no sign-in, no JWT authorizer): RSVP answers from the invitation's signed links.
 * Anyone can reach the URL, so everything rests on the signature checked in core.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { baseDependencies } from '../../core/adapters/process-dependencies.ts';
import { tableDependencies } from '../../core/adapters/table-dependencies.ts';
import { linkSecretDependencies } from '../../core/adapters/link-secret-dependencies.ts';
import { notFound } from '../../core/http/api-error.ts';
import { respond } from '../../core/http/respond.ts';
import { answerRsvp, confirmRsvpPage } from '../../core/meetings/rsvp-answer.ts';
import { readRequestBody } from '../../core/http/request-body.ts';
import { bodyFeed } from '../../core/meetings/body-feed.ts';
import '../../core/adapters/preload-secrets-manager.ts';

const HTML = { 'content-type': 'text/html; charset=utf-8' };

export const handler = (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
  respond(async () => {
    const deps = { ...baseDependencies(), ...tableDependencies(), ...linkSecretDependencies() };
    const token = event.queryStringParameters?.token;
    switch (event.routeKey) {
      case 'GET /api/rsvp': {
        const confirm = await confirmRsvpPage(deps, token, await deps.linkSecret());
        return { statusCode: confirm.statusCode, text: confirm.html, headers: HTML };
      }
      case 'POST /api/rsvp': {
        const body = readRequestBody(event, 4096);
        const posted = body.kind === 'form' ? (body.value.get('token') ?? undefined) : undefined;
        const answer = await answerRsvp(deps, posted, await deps.linkSecret());
        return { statusCode: answer.statusCode, text: answer.html, headers: HTML };
      }
      case 'GET /api/bodies/{id}/calendar.ics': {
        const feed = await bodyFeed(deps, event.pathParameters?.id ?? '', token, await deps.linkSecret());
        return { statusCode: 200, text: feed, headers: { 'content-type': 'text/calendar; charset=utf-8' } };
      }
      default:
        throw notFound('Die Seite');
    }
  });
