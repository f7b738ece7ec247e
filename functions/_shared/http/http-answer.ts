/**
 * What an HTTP handler answers, before the pipeline turns it into API Gateway's result: JSON (`body`, serialized
 * by the pipeline) or a finished text (an HTML page, a calendar file, a CSV) with its own content type.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpAnswer =
  | { readonly statusCode: number; readonly body: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly statusCode: number; readonly text: string; readonly headers: Readonly<Record<string, string>> };

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

export const ok = (body: unknown): HttpAnswer => ({ statusCode: 200, body });
export const created = (body: unknown): HttpAnswer => ({ statusCode: 201, body });

/** Nothing the API answers may be cached on the way, unless the handler says otherwise (the public OParl feed). */
export function toApiGatewayResult(answer: HttpAnswer): APIGatewayProxyStructuredResultV2 {
  const headers = { 'cache-control': 'no-store', ...('text' in answer ? {} : JSON_TYPE), ...answer.headers };
  return { statusCode: answer.statusCode, headers, body: 'text' in answer ? answer.text : JSON.stringify(answer.body) };
}
