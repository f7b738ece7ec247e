// After /anmelden: keeps the token for this tab, where the pages read it to call the API as a bearer token.
// A file of its own because the CSP allows no inline script.
const signedIn = document.getElementById('anmeldung');
const token = signedIn?.dataset.token;
if (signedIn !== null && token !== undefined && token !== '') {
  sessionStorage.setItem('kim.token', token);
  // Out of the DOM once stored, so nothing else on the page can read it from there.
  delete signedIn.dataset.token;
}
