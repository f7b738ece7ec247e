/** Callback task of intake-to-referral: keeps the token the assessment API answers. */
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { taskCallbackDependencies } from '../_shared/dependencies/step-functions.ts';
import { caseTokenTaskInput, taskHandler } from '../_shared/task-pipeline.ts';
import { awaitAssessment } from '../../core/workflow/await-assessment.ts';

export const handler = taskHandler(caseTokenTaskInput, (input) => awaitAssessment({ ...baseDependencies(), ...tableDependencies(), ...taskCallbackDependencies() }, input.caseId, input.taskToken));
