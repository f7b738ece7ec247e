/**
 * POST /api/intakes: intake staff (and coordinators) record a newly arrived person; answers 202 {caseId, status}.
 * The start page's form posts here directly when JavaScript is off and then gets pages instead of JSON
 * (intake-pages.ts).
 */
import { requireRole } from '../../core/identity/caller.ts';
import { intakeFromForm } from '../../core/intake/intake-form.ts';
import { submitIntake } from '../../core/intake/submit-intake.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { caseWorkflowDependencies } from '../_shared/dependencies/step-functions.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';
import { count } from '../_shared/metrics.ts';
import { acceptedPage, answersWithPage, intakeErrorPage, MAX_INTAKE_BYTES } from './intake-pages.ts';
import type { IntakeAccepted } from './schema.ts';
import '../_shared/dependencies/preload-step-functions.ts';

export const handler = signedInHandler({ maxBodyBytes: MAX_INTAKE_BYTES, errorPage: intakeErrorPage }, async ({ caller, body, header }) => {
  requireRole(caller, 'intake', 'coordinator');
  const { intake, formToken } = body.kind === 'form' ? intakeFromForm(body.value) : { intake: body.value, formToken: undefined };
  const result = await submitIntake({ ...baseDependencies(), ...tableDependencies(), ...caseWorkflowDependencies() }, caller, intake, header('idempotency-key') ?? formToken);
  if (result.created) count('IntakesReceived');
  return answersWithPage(header) ? acceptedPage(result.caseId) : { statusCode: 202, body: { caseId: result.caseId, status: result.status } satisfies IntakeAccepted };
});
