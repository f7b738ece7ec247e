/** Callback task of intake-to-referral: monitoring until the case manager closes the case. */
import { baseDependencies } from '../../core/adapters/process-dependencies.ts';
import { tableDependencies } from '../../core/adapters/table-dependencies.ts';
import { taskCallbackDependencies } from '../../core/adapters/step-functions-dependencies.ts';
import { caseTokenTaskInput, taskHandler } from '../../core/workflow/task-handler.ts';
import { awaitClosure } from '../../core/workflow/referral-steps.ts';

export const handler = taskHandler(caseTokenTaskInput, (input) => awaitClosure({ ...baseDependencies(), ...tableDependencies(), ...taskCallbackDependencies() }, input.caseId, input.taskToken));
