// Starts the sign-in. In AWS: Cognito's hosted sign-in, authorization code with PKCE — state and code verifier stay
// in this tab's sessionStorage for angemeldet.html. Under `npm start`: the local sign-in page (config.json).
import { byId, h, replace } from '../dom.ts';
import { authorizeUrl, codeChallenge, newPendingSignIn, PENDING_SIGN_IN_KEY } from '../pkce.ts';
import { homePath } from '../session.ts';
import { renderShell } from '../shell.ts';

async function startSignIn(): Promise<void> {
  const { config, session } = await renderShell();
  if (config.signIn.kind === 'local') {
    location.replace(config.signIn.url);
    return;
  }
  if (session !== undefined) {
    location.replace(homePath(session));
    return;
  }
  const pending = newPendingSignIn();
  sessionStorage.setItem(PENDING_SIGN_IN_KEY, JSON.stringify(pending));
  const challenge = await codeChallenge(pending.codeVerifier);
  // replace, not assign: "back" from Cognito's page leads to the page before, not into this redirect again.
  location.replace(
    authorizeUrl({ domain: config.signIn.domain, clientId: config.signIn.clientId, origin: location.origin, state: pending.state, codeChallenge: challenge }),
  );
}

startSignIn().catch(() => {
  const status = byId('anmeldestatus');
  status.className = 'fehlermeldung';
  status.setAttribute('role', 'alert');
  replace(status, 'Die Anmeldung ist gerade nicht möglich. ', h('a', { href: '/anmelden.html' }, 'Erneut versuchen'));
});
