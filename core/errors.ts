/**
 * The ways a use case refuses a request, as domain errors: what went wrong, in German for the person who sees it
 * (intake staff, case managers, coordinators), without any idea of HTTP. The handler pipeline
 * (functions/_shared/http/http-errors.ts) decides which status code each kind becomes.
 */
import type { FieldError } from './validation/format-issues.ts';

export type RefusalKind = 'invalid-input' | 'not-signed-in' | 'not-allowed' | 'not-found' | 'conflict';

export class Refusal extends Error {
  override name = 'Refusal';
  constructor(
    readonly kind: RefusalKind,
    message: string,
    /** Only for invalid input: one German message per field, as the web form shows them next to the field. */
    readonly errors?: readonly FieldError[],
  ) {
    super(message);
  }
}

export const validationFailed = (errors: readonly FieldError[], message = 'Die Eingaben sind unvollständig oder fehlerhaft.'): Refusal =>
  new Refusal('invalid-input', message, errors);
export const unauthorized = (): Refusal => new Refusal('not-signed-in', 'Bitte melden Sie sich an.');
export const forbidden = (): Refusal => new Refusal('not-allowed', 'Dafür fehlt Ihnen die Berechtigung.');
export const notFound = (what: string): Refusal => new Refusal('not-found', `${what} wurde nicht gefunden.`);
export const conflict = (message: string): Refusal => new Refusal('conflict', message);
