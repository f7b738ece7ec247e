/**
 * POST /api/intakes: intake staff (and coordinators) record a newly arrived person; answers 202 {caseId, status},
 * or 409 {message, duplicateOf} when the person already has a case and `duplicateConfirmed` was not sent.
 * The start page's form posts here directly when JavaScript is off and then gets pages instead of JSON
 * (intake-pages.ts).
 */
import { requireRole } from '../../core/identity/caller.ts';
import { splitConfirmation } from '../../core/intake/duplicate-person.ts';
import { DUPLICATE_CONFIRMED_FIELD, DUPLICATE_MESSAGE } from '../../core/intake/duplicate-warning-html.ts';
import { intakeFromForm, isTicked } from '../../core/intake/intake-form.ts';
import { submitIntake } from '../../core/intake/submit-intake.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { caseWorkflowDependencies } from '../_shared/dependencies/step-functions.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';
import { count } from '../_shared/metrics.ts';
import { acceptedPage, answersWithPage, duplicatePage, intakeErrorPage, MAX_INTAKE_BYTES } from './intake-pages.ts';
import type { DuplicatePersonAnswer, IntakeAccepted } from './schema.ts';
import '../_shared/dependencies/preload-step-functions.ts';

export const handler = signedInHandler({ maxBodyBytes: MAX_INTAKE_BYTES, errorPage: intakeErrorPage }, async ({ caller, body, header }) => {
  requireRole(caller, 'intake', 'coordinator');
  const { intake, formToken, duplicateConfirmed } =
    body.kind === 'form' ? { ...intakeFromForm(body.value), duplicateConfirmed: isTicked(body.value.get(DUPLICATE_CONFIRMED_FIELD)) } : { ...splitConfirmation(body.value), formToken: undefined };
  const deps = { ...baseDependencies(), ...tableDependencies(), ...caseWorkflowDependencies() };
  const result = await submitIntake(deps, caller, intake, header('idempotency-key') ?? formToken, { duplicateConfirmed });
  if ('duplicateOf' in result) {
    if (body.kind === 'form' && answersWithPage(header)) return duplicatePage(result.duplicateOf, body.value);
    return { statusCode: 409, body: { message: DUPLICATE_MESSAGE, duplicateOf: [...result.duplicateOf] } satisfies DuplicatePersonAnswer };
  }
  if (result.created) count('IntakesReceived');
  return answersWithPage(header) ? acceptedPage(result.caseId) : { statusCode: 202, body: { caseId: result.caseId, status: result.status } satisfies IntakeAccepted };
});
