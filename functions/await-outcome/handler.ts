/** Callback task of intake-to-referral: keeps the token the outcome API answers. */
import { baseDependencies } from '../../core/adapters/process-dependencies.ts';
import { tableDependencies } from '../../core/adapters/table-dependencies.ts';
import { taskCallbackDependencies } from '../../core/adapters/step-functions-dependencies.ts';
import { referralTokenTaskInput, taskHandler } from '../../core/workflow/task-handler.ts';
import { awaitOutcome } from '../../core/workflow/referral-steps.ts';

export const handler = taskHandler(referralTokenTaskInput, (input) => awaitOutcome({ ...baseDependencies(), ...tableDependencies(), ...taskCallbackDependencies() }, input.caseId, input.referralId, input.taskToken));
