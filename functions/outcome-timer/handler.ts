/** Task of intake-to-referral: reminder to the service and escalation when its answer is overdue. */
import { dependencies } from '../../core/adapters/dependencies.ts';
import { referralTaskInput, taskHandler } from '../../core/workflow/task-handler.ts';
import { outcomeTimer } from '../../core/workflow/referral-steps.ts';

export const handler = taskHandler(referralTaskInput, (input) => outcomeTimer(dependencies(), input.caseId, input.referralId));
