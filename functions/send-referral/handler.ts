/** Task of intake-to-referral: consent check, then the referral to the service with only the allowed fields. */
import { dependencies } from '../../core/adapters/dependencies.ts';
import { referralTaskInput, taskHandler } from '../../core/workflow/task-handler.ts';
import { sendReferral } from '../../core/workflow/referral-steps.ts';

export const handler = taskHandler(referralTaskInput, (input) => sendReferral(dependencies(), input.caseId, input.referralId));
