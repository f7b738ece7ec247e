/**
 * Calls the KIM API as the signed-in person. Failures become ApiFailure with a German message for the page:
 * the API's own (it names fields), or one per status when the answer is the gateway's English default.
 * Answer types come from the API's response schemas (functions/<name>/schema.ts, the OpenAPI document's too),
 * imported as types only: the pages carry no zod for them.
 */
import type { ErrorAnswer } from '../functions/_shared/http/route-schemas.ts';
import { currentSession } from './session.ts';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: NonNullable<ErrorAnswer['errors']> = [],
    /** The whole answer, for the few refusals that carry more than a message (the intake's duplicate warning). */
    readonly answer?: unknown,
  ) {
    super(message);
  }
}

const STATUS_MESSAGES: Readonly<Record<number, string>> = {
  401: 'Sie sind nicht (mehr) angemeldet. Bitte melden Sie sich an.',
  403: 'Dafür fehlt Ihnen die Berechtigung.',
  404: 'Das Gesuchte wurde nicht gefunden.',
  413: 'Die Eingaben sind zu umfangreich.',
  429: 'Zu viele Anfragen. Bitte versuchen Sie es gleich noch einmal.',
};

function failureFrom(status: number, body: unknown): ApiFailure {
  const message = typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string' ? body.message : '';
  const errors = typeof body === 'object' && body !== null && 'errors' in body && Array.isArray(body.errors) ? (body.errors as ErrorAnswer['errors']) : [];
  // The gateway's own answers ("Unauthorized", "Not Found") are English; the handlers' are German.
  const german = message !== '' && !/^[A-Z][a-z]+( [A-Za-z]+)*$/.test(message);
  return new ApiFailure(status, german ? message : (STATUS_MESSAGES[status] ?? 'Ein Fehler ist aufgetreten. Bitte versuchen Sie es später erneut.'), errors, body);
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const session = currentSession();
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        accept: 'application/json',
        ...(session === undefined ? {} : { authorization: `Bearer ${session.token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiFailure(0, 'Der Server ist nicht erreichbar. Bitte prüfen Sie die Verbindung und versuchen Sie es erneut.');
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!response.ok) throw failureFrom(response.status, parsed);
  return parsed as T;
}
