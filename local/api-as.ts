/**
 * Calls the local API as a demo person, the way the signed-in pages do: a token from the local issuer at the
 * runtime's time, the request, the answer. The deploy rehearsal, the workflow tests and the bench all call it.
 */
import type { StaffMember } from '../core/profile/demo-data-schema.ts';
import type { LocalRuntime } from './runtime.ts';

export interface ApiAnswer {
  readonly status: number;
  /** A JSON answer as its object; a page, a calendar or a CSV file as `{ text }`; nothing as `{}`. */
  readonly body: Record<string, unknown>;
}

export interface ApiCall {
  readonly method: string;
  readonly path: string;
  /** Sent as JSON; a string as it is (a test's ill-formed body). */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export async function apiAs(runtime: Pick<LocalRuntime, 'issuer' | 'endpoints' | 'clock'>, person: StaffMember, call: ApiCall): Promise<ApiAnswer> {
  const token = await runtime.issuer.mintToken(person, runtime.clock.now());
  const { body } = call;
  const response = await fetch(`${runtime.endpoints.app}${call.path}`, {
    method: call.method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...call.headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: parseAnswer(await response.text()) };
}

function parseAnswer(text: string): Record<string, unknown> {
  if (text === '') return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { text };
  }
}
