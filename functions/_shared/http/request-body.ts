/**
 * Reads an API Gateway (HTTP API, payload 2.0) request body: JSON or an HTML form
 * (application/x-www-form-urlencoded, so forms work without JavaScript). Sizes are checked in bytes first.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { validationFailed } from '../../../core/errors.ts';
import { payloadTooLarge, UnsupportedMediaType } from './http-errors.ts';

export type RequestBody = { readonly kind: 'json'; readonly value: unknown } | { readonly kind: 'form'; readonly value: URLSearchParams };

export function header(event: Pick<APIGatewayProxyEventV2, 'headers'>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

export function readRequestBody(event: Pick<APIGatewayProxyEventV2, 'headers' | 'body' | 'isBase64Encoded'>, maxBytes: number): RequestBody {
  const bytes = event.body === undefined ? Buffer.alloc(0) : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  if (bytes.length > maxBytes) throw payloadTooLarge(maxBytes);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const type = (header(event, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return { kind: 'form', value: new URLSearchParams(text) };
  if (type === 'application/json') {
    try {
      return { kind: 'json', value: JSON.parse(text) as unknown };
    } catch {
      throw validationFailed([{ field: '(gesamt)', message: 'ist kein gültiges JSON' }]);
    }
  }
  throw new UnsupportedMediaType();
}
