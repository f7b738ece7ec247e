/** Task of intake-to-referral: consent check, then the referral to the service with only the allowed fields. */
import { baseDependencies } from '../../core/adapters/process-dependencies.ts';
import { tableDependencies } from '../../core/adapters/table-dependencies.ts';
import { mailDependencies } from '../../core/adapters/mail-dependencies.ts';
import { referralTaskInput, taskHandler } from '../../core/workflow/task-handler.ts';
import { sendReferral } from '../../core/workflow/referral-steps.ts';
import '../../core/adapters/preload-mail.ts';

export const handler = taskHandler(referralTaskInput, (input) => sendReferral({ ...baseDependencies(), ...tableDependencies(), ...mailDependencies() }, input.caseId, input.referralId));
