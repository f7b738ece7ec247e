/**
 * Runs a handler's work and turns the outcome into an API Gateway result: ApiError → its status and German
 * message, anything else → 500 with a log line that names the error but never carries request data.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ApiError } from './api-error.ts';

export type JsonResult =
  | { readonly statusCode: number; readonly body: unknown }
  /** Not JSON: a calendar file or an HTML page, sent as it is. */
  | { readonly statusCode: number; readonly text: string; readonly headers: Readonly<Record<string, string>> };

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export async function respond(work: () => Promise<JsonResult>): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    const result = await work();
    if ('text' in result) return { statusCode: result.statusCode, headers: { 'cache-control': 'no-store', ...result.headers }, body: result.text };
    return { statusCode: result.statusCode, headers: JSON_HEADERS, body: JSON.stringify(result.body) };
  } catch (error) {
    if (error instanceof ApiError) return { statusCode: error.statusCode, headers: JSON_HEADERS, body: JSON.stringify(error.toBody()) };
    // Name and stack only: messages of SDK errors can echo item contents, which may be personal data.
    console.error(JSON.stringify({ level: 'error', message: 'unhandled error', errorName: error instanceof Error ? error.name : typeof error, stack: error instanceof Error ? error.stack?.split('\n').slice(1, 6) : undefined }));
    return { statusCode: 500, headers: JSON_HEADERS, body: JSON.stringify({ message: 'Interner Fehler. Bitte später erneut versuchen.' }) };
  }
}
