// Back from Cognito's sign-in: checks the state, exchanges the code (with the PKCE code verifier) for the tokens,
// keeps the ID token for this tab (and the API cookie) and goes on to the person's start page.
import { byId, h, replace } from '../dom.ts';
import { CALLBACK_PATH, idTokenFrom, parseCallback, parsePendingSignIn, PENDING_SIGN_IN_KEY, tokenRequestBody, tokenUrl } from '../pkce.ts';
import { currentSession, homePath, storeSession } from '../session.ts';
import { renderShell } from '../shell.ts';

/** A reason the sign-in failed, worded for the person. */
class SignInFailure extends Error {}

async function exchangeCode(domain: string, body: URLSearchParams): Promise<string> {
  let response: Response;
  try {
    response = await fetch(tokenUrl(domain), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
    });
  } catch {
    throw new SignInFailure('Der Anmeldedienst ist nicht erreichbar. Bitte prüfen Sie Ihre Verbindung.');
  }
  const token = response.ok ? idTokenFrom(await response.json().catch(() => undefined)) : undefined;
  if (token === undefined) throw new SignInFailure('Die Anmeldung konnte nicht bestätigt werden.');
  return token;
}

async function finishSignIn(): Promise<void> {
  const { config } = await renderShell();
  if (config.signIn.kind === 'local') {
    location.replace(config.signIn.url);
    return;
  }
  const callback = parseCallback(location.search);
  const pending = parsePendingSignIn(sessionStorage.getItem(PENDING_SIGN_IN_KEY));
  // Both are good for one attempt only: out of storage, and the code out of the address bar and the history.
  sessionStorage.removeItem(PENDING_SIGN_IN_KEY);
  history.replaceState(null, '', CALLBACK_PATH);
  if (callback.kind === 'error') {
    throw new SignInFailure(callback.error === 'access_denied' ? 'Die Anmeldung wurde abgebrochen.' : 'Die Anmeldung wurde abgelehnt.');
  }
  if (callback.kind === 'invalid') throw new SignInFailure('Diese Adresse enthält keine Anmeldung.');
  if (pending === undefined || pending.state !== callback.state) {
    throw new SignInFailure('Die Anmeldung ist abgelaufen oder wurde in einem anderen Fenster begonnen.');
  }
  const token = await exchangeCode(
    config.signIn.domain,
    tokenRequestBody({ clientId: config.signIn.clientId, origin: location.origin, code: callback.code, codeVerifier: pending.codeVerifier }),
  );
  storeSession(token);
  const session = currentSession();
  if (session === undefined) throw new SignInFailure('Die Anmeldung ist bereits abgelaufen.');
  location.replace(homePath(session));
}

finishSignIn().catch((error: unknown) => {
  const message = error instanceof SignInFailure ? error.message : 'Die Anmeldung konnte nicht abgeschlossen werden.';
  const status = byId('anmeldestatus');
  status.className = 'fehlermeldung';
  status.setAttribute('role', 'alert');
  replace(status, `${message} `, h('a', { href: '/anmelden.html' }, 'Erneut anmelden'));
});
