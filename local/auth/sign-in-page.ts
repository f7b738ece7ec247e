/**
 * `/anmelden` under `npm start`: pick a demo person, get a token from the local issuer. Stands in for Cognito's
 * hosted sign-in, without passwords, because only demo people exist locally. The token goes to the browser tab's
 * sessionStorage (`kim.token`) through /sign-in.js, since the CSP forbids inline scripts.
 */
import * as z from 'zod';
import type { Clock } from '../../core/clock.ts';
import { escapeHtml } from '../../core/html/escape-html.ts';
import { ROLE_LABELS } from '../../core/identity/roles.ts';
import type { StaffMember } from '../../core/profile/demo-data-schema.ts';
import type { DistrictProfile } from '../../core/profile/schema.ts';
import { page, send, type PathListener } from '../dev-server.ts';
import { readBody, RequestTooLargeError } from '../http-server.ts';
import { sessionCookie } from '../../web/session-cookie.ts';
import type { LocalIssuer } from './local-issuer.ts';

const SIGN_IN_PATH = '/anmelden';

export interface SignInOptions {
  readonly staff: readonly StaffMember[];
  readonly providers: DistrictProfile['providers'];
  readonly issuer: LocalIssuer;
  /** Must be the clock the API gateway verifies tokens with. */
  readonly clock: Clock;
}

// The form carries one short id; anything bigger is not this form.
const MAX_FORM_BYTES = 4 * 1024;
const HTML = 'text/html; charset=utf-8';
const formSchema = z.object({ userId: z.string().min(1) });

function listPage(options: SignInOptions): string {
  const providerName = (id: string | undefined): string => options.providers.find((p) => p.id === id)?.name ?? '–';
  const rows = options.staff
    .map(
      (person) =>
        `<tr><td>${escapeHtml(person.name)}</td><td>${escapeHtml(ROLE_LABELS[person.role])}</td><td>${escapeHtml(providerName(person.providerId))}</td>` +
        `<td><button type="submit" name="userId" value="${escapeHtml(person.id)}">Anmelden<span class="visually-hidden"> als ${escapeHtml(person.name)}</span></button></td></tr>`,
    )
    .join('');
  return page(
    'Anmelden',
    '<p>Lokale Demo-Anmeldung ohne Passwort: Wählen Sie eine Person. Im Betrieb meldet sich jede Person über Amazon Cognito an.</p>' +
      `<form method="post" action="${SIGN_IN_PATH}"><table><caption class="visually-hidden">Demo-Personen</caption>` +
      '<thead><tr><th scope="col">Name</th><th scope="col">Rolle</th><th scope="col">Träger</th><th scope="col">Aktion</th></tr></thead>' +
      `<tbody>${rows}</tbody></table></form><p><a href="/">Zur Startseite</a></p>`,
  );
}

function signedInPage(person: StaffMember, token: string): string {
  return page(
    'Angemeldet',
    `<p id="anmeldung" data-token="${escapeHtml(token)}">Angemeldet als <strong>${escapeHtml(person.name)}</strong> (${escapeHtml(ROLE_LABELS[person.role])}). ` +
      'Die Anmeldung gilt in diesem Browser.</p><p><a href="/">Weiter zur Startseite</a></p><script type="module" src="/sign-in.js"></script>',
  );
}

/** Answers `/anmelden` (GET: the list, POST: sign in) and resolves true; other paths resolve false. */
export function signInListener(options: SignInOptions): PathListener {
  return async (request, response) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== SIGN_IN_PATH) return false;
    if (request.method === 'GET' || request.method === 'HEAD') {
      send(response, 200, HTML, listPage(options));
      return true;
    }
    if (request.method !== 'POST') {
      send(response, 405, 'text/plain; charset=utf-8', 'Methode nicht erlaubt', { allow: 'GET, HEAD, POST' });
      return true;
    }
    let raw: Buffer;
    try {
      raw = await readBody(request, MAX_FORM_BYTES);
    } catch (error) {
      if (!(error instanceof RequestTooLargeError)) throw error;
      send(response, 413, HTML, page('Anfrage zu groß', `<p>Bitte wählen Sie eine Person aus der <a href="${SIGN_IN_PATH}">Liste</a>.</p>`));
      return true;
    }
    const form = formSchema.safeParse(Object.fromEntries(new URLSearchParams(raw.toString('utf8'))));
    const person = form.success ? options.staff.find((s) => s.id === form.data.userId) : undefined;
    if (person === undefined) {
      send(response, 400, HTML, page('Anmeldung nicht möglich', `<p>Diese Person gibt es in den Demo-Daten nicht. Bitte wählen Sie eine aus der <a href="${SIGN_IN_PATH}">Liste</a>.</p>`));
      return true;
    }
    const token = await options.issuer.mintToken(person, options.clock.now());
    // The cookie lets the intake form submit without JavaScript (local/api-gateway.ts reads it when no bearer
    // token comes); not HttpOnly, so signing out in the page can clear it. SameSite=Strict keeps other sites out.
    send(response, 200, HTML, signedInPage(person, token), { 'set-cookie': sessionCookie(token, false) });
    return true;
  };
}
