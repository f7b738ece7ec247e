/**
 * The public meeting links (no sign-in, no JWT authorizer): RSVP answers from the invitation's signed links and
 * the subscribable calendar feed of a body. Anyone can reach the URL, so everything rests on the signature
 * checked in core.
 */
import { bodyFeed } from '../../core/meetings/body-feed.ts';
import { answerRsvp, rsvpTarget } from '../../core/meetings/rsvp-answer.ts';
import { linkSecretDependencies } from '../_shared/dependencies/link-secret.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { publicRoute, publicRouter } from '../_shared/http-router.ts';
import { idPath } from '../_shared/http/route-schemas.ts';
import { rsvpPage } from './rsvp-page.ts';
import { tokenQuery } from './schema.ts';
import '../_shared/dependencies/preload-secrets-manager.ts';

const deps = () => ({ ...baseDependencies(), ...tableDependencies(), ...linkSecretDependencies() });

export const handler = publicRouter([
  publicRoute({ method: 'GET', path: '/api/rsvp', schema: { query: tokenQuery }, handle: async ({ query }) => rsvpPage(await rsvpTarget(deps(), query.token, await deps().linkSecret())) }),
  publicRoute({
    method: 'POST',
    path: '/api/rsvp',
    schema: { maxBodyBytes: 4096 },
    handle: async ({ body }) => rsvpPage(await answerRsvp(deps(), body.kind === 'form' ? (body.value.get('token') ?? undefined) : undefined, await deps().linkSecret())),
  }),
  publicRoute({
    method: 'GET',
    path: '/api/bodies/{id}/calendar.ics',
    schema: { path: idPath, query: tokenQuery },
    handle: async ({ path, query }) => ({ statusCode: 200, text: await bodyFeed(deps(), path.id, query.token, await deps().linkSecret()), headers: { 'content-type': 'text/calendar; charset=utf-8' } }),
  }),
]);
