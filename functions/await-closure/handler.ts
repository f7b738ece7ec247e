/** Callback task of intake-to-referral: monitoring until the case manager closes the case. */
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { taskCallbackDependencies } from '../_shared/dependencies/step-functions.ts';
import { caseTokenTaskInput, taskHandler } from '../_shared/task-pipeline.ts';
import { awaitClosure } from '../../core/workflow/referral-steps.ts';

export const handler = taskHandler(caseTokenTaskInput, (input) => awaitClosure({ ...baseDependencies(), ...tableDependencies(), ...taskCallbackDependencies() }, input.caseId, input.taskToken));
