/** Callback task of intake-to-referral: keeps the token the outcome API answers. */
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { taskCallbackDependencies } from '../_shared/dependencies/step-functions.ts';
import { referralTokenTaskInput, taskHandler } from '../_shared/task-pipeline.ts';
import { awaitOutcome } from '../../core/workflow/referral-steps.ts';

export const handler = taskHandler(referralTokenTaskInput, (input) => awaitOutcome({ ...baseDependencies(), ...tableDependencies(), ...taskCallbackDependencies() }, input.caseId, input.referralId, input.taskToken));
