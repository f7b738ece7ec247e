/**
 * POST /api/intakes: intake staff (and coordinators) record a newly arrived person; answers 202 {caseId, status}.
 * The start page's form posts here directly when JavaScript is off: a form-encoded request that prefers HTML gets
 * pages instead of JSON — the form again with every value and error (400), the case number (202), or a way to
 * sign in (401/403).
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { baseDependencies } from '../../core/adapters/process-dependencies.ts';
import { tableDependencies } from '../../core/adapters/table-dependencies.ts';
import { caseWorkflowDependencies } from '../../core/adapters/step-functions-dependencies.ts';
import { escapeHtml } from '../../core/html/escape-html.ts';
import type { PageLayout } from '../../core/html/page-layout.ts';
import { callerFromEvent, requireRole } from '../../core/identity/caller.ts';
import { ApiError } from '../../core/http/api-error.ts';
import { htmlAnswer, prefersHtml, problemPage } from '../../core/http/html-answer.ts';
import { header, readRequestBody } from '../../core/http/request-body.ts';
import { respond, type JsonResult } from '../../core/http/respond.ts';
import { intakeFromForm } from '../../core/intake/intake-form.ts';
import { ACCEPTED_HEADING, INTAKE_HEADING, renderIntakeAccepted, renderIntakeForm } from '../../core/intake/intake-form-html.ts';
import { submitIntake, type SubmittedIntake } from '../../core/intake/submit-intake.ts';
import { WHOLE_DOCUMENT } from '../../core/validation/format-issues.ts';
import '../../core/adapters/preload-step-functions.ts';

// An intake is a few KB; anything near this is not a form a person filled in.
const MAX_BODY_BYTES = 64 * 1024;

// The header (navigation, who is signed in) and the form's styles of the built start page.
const PAGE_ASSETS: Pick<PageLayout, 'scripts' | 'styles'> = { scripts: ['/header.js'], styles: ['/index.css'] };
const HEADING = `<h1>${escapeHtml(INTAKE_HEADING)}</h1>`;

async function createIntake(event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<SubmittedIntake> {
  const caller = callerFromEvent(event);
  requireRole(caller, 'intake', 'coordinator');
  const body = readRequestBody(event, MAX_BODY_BYTES);
  const { intake, formToken } = body.kind === 'form' ? intakeFromForm(body.value) : { intake: body.value, formToken: undefined };
  return submitIntake({ ...baseDependencies(), ...tableDependencies(), ...caseWorkflowDependencies() }, caller, intake, header(event, 'idempotency-key') ?? formToken);
}

/** A form posted by a browser without JavaScript: form-encoded, and HTML preferred to JSON. */
function answersWithPage(event: APIGatewayProxyEventV2WithJWTAuthorizer): boolean {
  const type = (header(event, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  return type === 'application/x-www-form-urlencoded' && prefersHtml(header(event, 'accept'));
}

/** The submitted values, to fill the form in again; none when the body itself was the problem (too large). */
function sentForm(event: APIGatewayProxyEventV2WithJWTAuthorizer): URLSearchParams {
  try {
    const body = readRequestBody(event, MAX_BODY_BYTES);
    return body.kind === 'form' ? body.value : new URLSearchParams();
  } catch {
    return new URLSearchParams();
  }
}

function pageFor(error: ApiError, event: APIGatewayProxyEventV2WithJWTAuthorizer): JsonResult {
  if (error.statusCode !== 400) return htmlAnswer(error.statusCode, { ...PAGE_ASSETS, ...problemPage(error, { href: '/', label: 'Zurück zur Erstaufnahme' }) });
  const form = renderIntakeForm({
    profile: baseDependencies().profile,
    values: sentForm(event),
    errors: error.errors ?? [{ field: WHOLE_DOCUMENT, message: error.message }],
    // A fresh token: the rejected submission stored nothing, and a corrected one must not collide with an
    // earlier intake that used the old token. It makes a double-clicked correction one case.
    formToken: randomUUID(),
  });
  // "Fehler:" first in the title, so a screen reader announces the outcome when the page opens.
  return htmlAnswer(400, { ...PAGE_ASSETS, title: `Fehler: ${INTAKE_HEADING}`, content: HEADING + form });
}

export const handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyStructuredResultV2> =>
  respond(async () => {
    if (!answersWithPage(event)) {
      const result = await createIntake(event);
      return { statusCode: 202, body: { caseId: result.caseId, status: result.status } };
    }
    try {
      const result = await createIntake(event);
      return htmlAnswer(202, { ...PAGE_ASSETS, title: ACCEPTED_HEADING, content: HEADING + renderIntakeAccepted(result.caseId) });
    } catch (error) {
      // Anything else is a 500: respond() logs it and answers as for every request.
      if (!(error instanceof ApiError)) throw error;
      return pageFor(error, event);
    }
  });
