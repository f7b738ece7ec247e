/**
 * The public OParl 1.1 feed (/oparl/v1/*, core/oparl/feed.ts): read-only, no sign-in, one route per resource of
 * core/oparl/routes.ts. Answers may be cached for five minutes by anyone (CloudFront's `/oparl/*` behaviour
 * does), and any web page may read them: OParl requires `Access-Control-Allow-Origin: *` on every JSON answer, and
 * nothing here depends on cookies or credentials. Errors carry the same header, so a browser client sees the 404.
 */
import { oparlAnswer } from '../../core/oparl/feed.ts';
import { OPARL_PATHS } from '../../core/oparl/routes.ts';
import { OPARL_PREFIX } from '../../core/oparl/urls.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { publicRoute, publicRouter } from '../_shared/http-router.ts';
import { oparlPath, oparlQuery } from './schema.ts';

const CACHE_SECONDS = 300;


export const handler = publicRouter(
  OPARL_PATHS.map((resource) =>
    publicRoute({
      method: 'GET',
      path: `${OPARL_PREFIX}${resource}`,
      schema: { path: oparlPath, query: oparlQuery },
      handle: async ({ path, query }) => ({
        statusCode: 200,
        text: JSON.stringify(await oparlAnswer({ ...baseDependencies(), ...tableDependencies() }, resource, path.id, query)),
        headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': `public, max-age=${CACHE_SECONDS}` },
      }),
    }),
  ),
  { 'access-control-allow-origin': '*' },
);
