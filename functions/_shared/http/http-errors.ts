/**
 * The HTTP face of the domain's refusals (core/errors.ts): which status each kind becomes and the German body
 * `{message, errors?}` the pages show. Errors that belong to HTTP itself (a body too large, a media type the API
 * does not read) are made here too.
 */
import { Refusal, validationFailed, type RefusalKind } from '../../../core/errors.ts';
import { WHOLE_DOCUMENT } from '../../../core/validation/format-issues.ts';

const STATUS: Readonly<Record<RefusalKind, number>> = {
  'invalid-input': 400,
  'not-signed-in': 401,
  'not-allowed': 403,
  'not-found': 404,
  conflict: 409,
};

/** A refusal only HTTP knows: the request's media type (415). */
export class UnsupportedMediaType extends Error {
  override name = 'UnsupportedMediaType';
  constructor() {
    super('Diese Anfrage hat ein Format, das KIM Flow nicht liest. Bitte senden Sie JSON (Content-Type: application/json) oder ein Formular (application/x-www-form-urlencoded).');
  }
}

export type HttpRefusal = Refusal | UnsupportedMediaType;

export const isHttpRefusal = (error: unknown): error is HttpRefusal => error instanceof Refusal || error instanceof UnsupportedMediaType;

export const httpStatusOf = (error: HttpRefusal): number => (error instanceof Refusal ? STATUS[error.kind] : 415);

export function refusalBody(error: HttpRefusal): { message: string; errors?: Refusal['errors'] } {
  return error instanceof Refusal && error.errors !== undefined ? { message: error.message, errors: error.errors } : { message: error.message };
}

/** What a person reads when a request is larger than `maxBytes`: the limit and what to do about it. */
export function tooLargeMessage(maxBytes: number): string {
  const limit = maxBytes >= 1024 * 1024 ? `${String(Math.floor(maxBytes / (1024 * 1024)))} MiB` : `${String(Math.floor(maxBytes / 1024))} KB`;
  return `Die Anfrage ist zu groß (höchstens ${limit}). Bitte kürzen Sie die Eingaben, etwa lange Freitexte, und senden Sie erneut.`;
}

/** A field error like any other bad input (400), so the form shows it the same way; nothing is stored. */
export const payloadTooLarge = (maxBytes: number): Refusal => validationFailed([{ field: WHOLE_DOCUMENT, message: tooLargeMessage(maxBytes) }]);
