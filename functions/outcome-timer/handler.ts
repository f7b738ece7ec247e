/** Task of intake-to-referral: reminder to the service and escalation when its answer is overdue. */
import { baseDependencies } from '../../core/adapters/process-dependencies.ts';
import { tableDependencies } from '../../core/adapters/table-dependencies.ts';
import { mailDependencies } from '../../core/adapters/mail-dependencies.ts';
import { referralTaskInput, taskHandler } from '../../core/workflow/task-handler.ts';
import { outcomeTimer } from '../../core/workflow/referral-steps.ts';

export const handler = taskHandler(referralTaskInput, (input) => outcomeTimer({ ...baseDependencies(), ...tableDependencies(), ...mailDependencies() }, input.caseId, input.referralId));
