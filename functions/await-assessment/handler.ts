/** Callback task of intake-to-referral: keeps the token the assessment API answers. */
import { baseDependencies } from '../../core/adapters/process-dependencies.ts';
import { tableDependencies } from '../../core/adapters/table-dependencies.ts';
import { taskCallbackDependencies } from '../../core/adapters/step-functions-dependencies.ts';
import { caseTokenTaskInput, taskHandler } from '../../core/workflow/task-handler.ts';
import { awaitAssessment } from '../../core/workflow/await-assessment.ts';

export const handler = taskHandler(caseTokenTaskInput, (input) => awaitAssessment({ ...baseDependencies(), ...tableDependencies(), ...taskCallbackDependencies() }, input.caseId, input.taskToken));
