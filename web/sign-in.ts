// After /anmelden: keeps the token for this tab (and the API cookie), then goes on to the person's start page.
// A file of its own because the CSP allows no inline script.
import { currentSession, homePath, storeSession } from './session.ts';

const signedIn = document.getElementById('anmeldung');
const token = signedIn?.dataset.token;
if (signedIn !== null && token !== undefined && token !== '') {
  storeSession(token);
  // Out of the DOM once stored, so nothing else on the page can read it from there.
  delete signedIn.dataset.token;
  const session = currentSession();
  if (session !== undefined) location.replace(homePath(session));
}
