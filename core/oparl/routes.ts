/**
 * The OParl feed's routes, in API Gateway path syntax: one GET route each, public (no JWT authorizer), all served
 * by functions/oparl. Listed here, apart from the feed, so the route table (functions/api-routes.ts) takes them
 * without loading the feed; core/oparl/feed.ts answers exactly these (its resolver table is typed by them).
 */
import { OPARL_PREFIX } from './urls.ts';

export const OPARL_PATHS = [
  '/system',
  '/bodies',
  '/body/{id}',
  '/body/{id}/organizations',
  '/body/{id}/people',
  '/body/{id}/meetings',
  '/body/{id}/papers',
  '/body/{id}/agendaitems',
  '/body/{id}/consultations',
  '/body/{id}/files',
  '/body/{id}/locations',
  '/body/{id}/legislativeterms',
  '/body/{id}/memberships',
  '/organization/{id}',
  '/organization/{id}/meetings',
  '/meeting/{id}',
  '/agendaitem/{id}',
  '/membership/{id}',
  '/location/{id}',
] as const;
export type OparlPath = (typeof OPARL_PATHS)[number];

/** Full paths as the route table needs them: `/oparl/v1/meeting/{id}`. */
export const OPARL_ROUTE_PATHS: readonly string[] = OPARL_PATHS.map((path) => `${OPARL_PREFIX}${path}`);
