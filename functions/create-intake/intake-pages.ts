/**
 * The pages POST /api/intakes answers to a browser without JavaScript: its form posts form-encoded and prefers
 * HTML, so it gets the form again with every value and error (400), the case number (202), or a way to sign in
 * (401/403) — whole pages in the start page's layout, never JSON.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { escapeHtml } from '../../core/html/escape-html.ts';
import type { PageLayout } from '../../core/html/page-layout.ts';
import { DUPLICATE_HEADING, renderDuplicateWarning } from '../../core/intake/duplicate-warning-html.ts';
import { FORM_TOKEN_FIELD } from '../../core/intake/intake-form.ts';
import { ACCEPTED_HEADING, INTAKE_HEADING, renderIntakeAccepted, renderIntakeForm } from '../../core/intake/intake-form-html.ts';
import { WHOLE_DOCUMENT } from '../../core/validation/format-issues.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { htmlAnswer, prefersHtml, problemPage } from '../_shared/http/html-answer.ts';
import type { HttpAnswer } from '../_shared/http/http-answer.ts';
import { httpStatusOf, type HttpRefusal } from '../_shared/http/http-errors.ts';
import { header, readRequestBody } from '../_shared/http/request-body.ts';

// An intake is a few KB; anything near this is not a form a person filled in.
export const MAX_INTAKE_BYTES = 64 * 1024;

// The header (navigation, who is signed in) and the form's styles of the built start page.
const PAGE_ASSETS: Pick<PageLayout, 'scripts' | 'styles'> = { scripts: ['/header.js'], styles: ['/index.css'] };
const HEADING = `<h1>${escapeHtml(INTAKE_HEADING)}</h1>`;

/** A form posted by a browser without JavaScript: form-encoded, and HTML preferred to JSON. */
export function answersWithPage(headerOf: (name: string) => string | undefined): boolean {
  const type = (headerOf('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  return type === 'application/x-www-form-urlencoded' && prefersHtml(headerOf('accept'));
}

export const acceptedPage = (caseId: string): HttpAnswer =>
  htmlAnswer(202, { ...PAGE_ASSETS, title: ACCEPTED_HEADING, content: HEADING + renderIntakeAccepted(caseId) });

/**
 * The duplicate-person warning (409): confirm with every sent value again, or cancel. A form without a token gets
 * one here, so a double-clicked confirmation is still one case.
 */
export function duplicatePage(duplicateOf: readonly string[], sent: URLSearchParams): HttpAnswer {
  const values = new URLSearchParams(sent);
  if ((values.get(FORM_TOKEN_FIELD) ?? '') === '') values.set(FORM_TOKEN_FIELD, randomUUID());
  return htmlAnswer(409, { ...PAGE_ASSETS, title: `${DUPLICATE_HEADING} – ${INTAKE_HEADING}`, content: HEADING + renderDuplicateWarning(duplicateOf, values) });
}

/** The submitted values, to fill the form in again; none when the body itself was the problem (too large). */
function sentForm(event: APIGatewayProxyEventV2): URLSearchParams {
  try {
    const body = readRequestBody(event, MAX_INTAKE_BYTES);
    return body.kind === 'form' ? body.value : new URLSearchParams();
  } catch {
    return new URLSearchParams();
  }
}

/** The page for a refused intake, when the browser wants pages; otherwise the pipeline's JSON answer. */
export function intakeErrorPage(error: HttpRefusal, event: APIGatewayProxyEventV2): HttpAnswer | undefined {
  if (!answersWithPage((name) => header(event, name))) return undefined;
  const status = httpStatusOf(error);
  if (status !== 400) return htmlAnswer(status, { ...PAGE_ASSETS, ...problemPage(error, { href: '/', label: 'Zurück zur Erstaufnahme' }) });
  const form = renderIntakeForm({
    profile: baseDependencies().profile,
    values: sentForm(event),
    errors: 'errors' in error && error.errors !== undefined ? error.errors : [{ field: WHOLE_DOCUMENT, message: error.message }],
    // A fresh token: the rejected submission stored nothing, and a corrected one must not collide with an
    // earlier intake that used the old token. It makes a double-clicked correction one case.
    formToken: randomUUID(),
  });
  // "Fehler:" first in the title, so a screen reader announces the outcome when the page opens.
  return htmlAnswer(400, { ...PAGE_ASSETS, title: `Fehler: ${INTAKE_HEADING}`, content: HEADING + form });
}
