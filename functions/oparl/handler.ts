/**
 * The public OParl 1.1 feed (/oparl/v1/*, core/oparl/feed.ts): read-only, no sign-in, routed by API Gateway's
 * routeKey. Answers may be cached for five minutes by anyone (CloudFront's `/oparl/*` behaviour does), and any
 * web page may read them: OParl requires `Access-Control-Allow-Origin: *` on every JSON answer, and nothing here
 * depends on cookies or credentials. Errors carry the same header, so a browser client sees the 404.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { baseDependencies } from '../../core/adapters/process-dependencies.ts';
import { tableDependencies } from '../../core/adapters/table-dependencies.ts';
import { respond } from '../../core/http/respond.ts';
import { oparlAnswer } from '../../core/oparl/feed.ts';

const CACHE_SECONDS = 300;

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const result = await respond(async () => {
    const deps = { ...baseDependencies(), ...tableDependencies() };
    const answer = await oparlAnswer(deps, event.routeKey, event.pathParameters?.id, event.queryStringParameters ?? {});
    return {
      statusCode: 200,
      text: JSON.stringify(answer),
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': `public, max-age=${CACHE_SECONDS}` },
    };
  });
  return { ...result, headers: { ...result.headers, 'access-control-allow-origin': '*' } };
};
