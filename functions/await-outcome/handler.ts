/** Callback task of intake-to-referral: keeps the token the outcome API answers. */
import { dependencies } from '../../core/adapters/dependencies.ts';
import { referralTokenTaskInput, taskHandler } from '../../core/workflow/task-handler.ts';
import { awaitOutcome } from '../../core/workflow/referral-steps.ts';

export const handler = taskHandler(referralTokenTaskInput, (input) => awaitOutcome(dependencies(), input.caseId, input.referralId, input.taskToken));
