/**
 * Errors a handler maps to an HTTP answer. German messages: the people reading them are intake staff, case
 * managers and coordinators. Validation errors name each field, as the web form shows them next to the field.
 */
import type { FieldError } from '../validation/format-issues.ts';

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly errors?: readonly FieldError[],
  ) {
    super(message);
  }

  toBody(): { message: string; errors?: readonly FieldError[] } {
    return this.errors === undefined ? { message: this.message } : { message: this.message, errors: this.errors };
  }
}

export const validationFailed = (errors: readonly FieldError[]): ApiError =>
  new ApiError(400, 'Die Eingaben sind unvollständig oder fehlerhaft.', errors);
export const unauthorized = (): ApiError => new ApiError(401, 'Bitte melden Sie sich an.');
export const forbidden = (): ApiError => new ApiError(403, 'Dafür fehlt Ihnen die Berechtigung.');
export const notFound = (what: string): ApiError => new ApiError(404, `${what} wurde nicht gefunden.`);
export const conflict = (message: string): ApiError => new ApiError(409, message);
/** A field error like any other bad input (400), so the form shows it the same way; nothing is stored. */
export const payloadTooLarge = (maxBytes: number): ApiError =>
  validationFailed([{ field: '(gesamt)', message: `Die Anfrage ist zu groß (höchstens ${Math.floor(maxBytes / 1024)} KB).` }]);
