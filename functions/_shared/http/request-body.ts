/**
 * Reads an API Gateway (HTTP API, payload 2.0) request body: JSON or an HTML form
 * (application/x-www-form-urlencoded, so forms work without JavaScript). Sizes are checked in bytes first.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { validationFailed } from '../../../core/errors.ts';
import { WHOLE_DOCUMENT, type FieldError } from '../../../core/validation/format-issues.ts';
import { illFormedFields, ILL_FORMED_MESSAGE, isWellFormedText } from '../../../core/validation/well-formed.ts';
import { payloadTooLarge, UnsupportedMediaType } from './http-errors.ts';

export type RequestBody = { readonly kind: 'json'; readonly value: unknown } | { readonly kind: 'form'; readonly value: URLSearchParams };

export function header(event: Pick<APIGatewayProxyEventV2, 'headers'>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

const illFormedBody = (): Error => validationFailed([{ field: WHOLE_DOCUMENT, message: ILL_FORMED_MESSAGE }]);

// Invalid UTF-8 is refused, not replaced by U+FFFD: what the person typed must arrive as typed or not at all.
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

function strictText(bytes: Uint8Array): string | undefined {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The bytes a form field's percent-encoding stands for (WHATWG: `%` and two hex digits is a byte, the rest as is). */
function percentDecoded(text: string): Uint8Array {
  const input = Buffer.from(text, 'utf8');
  const output = Buffer.alloc(input.length);
  let length = 0;
  for (let i = 0; i < input.length; i += 1) {
    const hex = input[i] === 0x25 ? input.subarray(i + 1, i + 3).toString('latin1') : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      output[length] = Number.parseInt(hex, 16);
      i += 2;
    } else output[length] = input[i] ?? 0;
    length += 1;
  }
  return output.subarray(0, length);
}

/**
 * A form as URLSearchParams, except that a field whose percent-encoding is not UTF-8 (`%ED%A0%80`, a surrogate)
 * is refused by name: URLSearchParams would quietly turn it into U+FFFD.
 */
function formFields(text: string): URLSearchParams {
  const errors: FieldError[] = [];
  for (const pair of text.split('&')) {
    if (strictText(percentDecoded(pair)) !== undefined) continue;
    const [name] = new URLSearchParams(pair).keys();
    errors.push({ field: name === undefined || name === '' ? WHOLE_DOCUMENT : name, message: ILL_FORMED_MESSAGE });
  }
  if (errors.length > 0) throw validationFailed(errors);
  return new URLSearchParams(text);
}

function jsonValue(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw validationFailed([{ field: WHOLE_DOCUMENT, message: 'ist kein gültiges JSON' }]);
  }
  // JSON escapes can spell a lone surrogate (`"\ud800"`) in perfectly valid UTF-8.
  const illFormed = illFormedFields(value);
  if (illFormed.length > 0) throw validationFailed(illFormed);
  return value;
}

export function readRequestBody(event: Pick<APIGatewayProxyEventV2, 'headers' | 'body' | 'isBase64Encoded'>, maxBytes: number): RequestBody {
  const bytes = event.body === undefined ? Buffer.alloc(0) : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  if (bytes.length > maxBytes) throw payloadTooLarge(maxBytes);
  // Buffer.from turned a lone surrogate of a text body into U+FFFD without a word; refuse it as it came.
  if (event.body !== undefined && !event.isBase64Encoded && !isWellFormedText(event.body)) throw illFormedBody();
  const text = strictText(bytes);
  if (text === undefined) throw illFormedBody();
  const type = (header(event, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return { kind: 'form', value: formFields(text) };
  if (type === 'application/json') return { kind: 'json', value: jsonValue(text) };
  throw new UnsupportedMediaType();
}
