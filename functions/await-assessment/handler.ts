/** Callback task of intake-to-referral: keeps the token the assessment API answers. */
import { dependencies } from '../../core/adapters/dependencies.ts';
import { caseTokenTaskInput, taskHandler } from '../../core/workflow/task-handler.ts';
import { awaitAssessment } from '../../core/workflow/await-assessment.ts';

export const handler = taskHandler(caseTokenTaskInput, (input) => awaitAssessment(dependencies(), input.caseId, input.taskToken));
