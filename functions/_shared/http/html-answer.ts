/**
 * HTML answers of the API, for forms posted without JavaScript: the browser shows the answer as the next page, so
 * it has to be a whole page (core/html/page-layout.ts) in German, not JSON. Only requests that ask for HTML get
 * one; scripts (fetch with `accept: application/json`, the AWS CLI, a bare wildcard) keep getting JSON.
 */
import { escapeHtml } from '../../../core/html/escape-html.ts';
import { renderPage, type PageLayout } from '../../../core/html/page-layout.ts';
import type { HttpAnswer } from './http-answer.ts';
import { httpStatusOf, type HttpRefusal } from './http-errors.ts';

/** Where people sign in: /anmelden under npm start; the pages' header links the right place in every setup. */
// The static sign-in page: in AWS it starts Cognito's sign-in, under `npm start` it leads to the demo sign-in.
const SIGN_IN_PATH = '/anmelden.html';

/** The quality the Accept header gives a media type: from its most specific matching range, 0 when none matches. */
function quality(accept: string, type: string): number {
  const wildcard = `${type.split('/')[0] ?? ''}/*`;
  let best = { specificity: -1, q: 0 };
  for (const part of accept.toLowerCase().split(',')) {
    const [range = '', ...parameters] = part.split(';').map((p) => p.trim());
    const specificity = range === type ? 2 : range === wildcard ? 1 : range === '*/*' ? 0 : -1;
    if (specificity <= best.specificity) continue;
    const q = Number(parameters.find((p) => p.startsWith('q='))?.slice(2) ?? '1');
    best = { specificity, q: Number.isFinite(q) ? q : 0 };
  }
  return best.q;
}

/**
 * True when the client prefers HTML to JSON, as a browser submitting a form does (`text/html` first, the
 * wildcard at q=0.8); a tie or a missing header means JSON, the API's own format.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return false;
  const html = quality(accept, 'text/html');
  return html > 0 && html > quality(accept, 'application/json');
}

export function htmlAnswer(statusCode: number, page: PageLayout): HttpAnswer {
  return { statusCode, text: renderPage(page), headers: { 'content-type': 'text/html; charset=utf-8' } };
}

/**
 * A page for an error that no field of the form can fix: sign in (401), sign in as someone else (403), or the
 * message with the way back to the form.
 */
export function problemPage(error: HttpRefusal, back: { readonly href: string; readonly label: string }): Pick<PageLayout, 'title' | 'content'> {
  const status = httpStatusOf(error);
  const title = status === 401 ? 'Anmeldung erforderlich' : status === 403 ? 'Keine Berechtigung' : 'Nicht gespeichert';
  const way =
    status === 401
      ? `<p><a href="${SIGN_IN_PATH}">Zur Anmeldung</a></p>`
      : status === 403
        ? `<p><a href="${SIGN_IN_PATH}">Mit einer anderen Person anmelden</a> oder <a href="/">zur Startseite</a>.</p>`
        : `<p><a href="${escapeHtml(back.href)}">${escapeHtml(back.label)}</a></p>`;
  return { title, content: `<h1>${escapeHtml(title)}</h1><p class="hinweis">${escapeHtml(error.message)}</p>${way}` };
}
