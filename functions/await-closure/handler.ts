/** Callback task of intake-to-referral: monitoring until the case manager closes the case. */
import { dependencies } from '../../core/adapters/dependencies.ts';
import { caseTokenTaskInput, taskHandler } from '../../core/workflow/task-handler.ts';
import { awaitClosure } from '../../core/workflow/referral-steps.ts';

export const handler = taskHandler(caseTokenTaskInput, (input) => awaitClosure(dependencies(), input.caseId, input.taskToken));
