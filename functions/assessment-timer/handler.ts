/** Task of intake-to-referral: reminder and escalation for an overdue assessment; length of the next wait. */
import { dependencies } from '../../core/adapters/dependencies.ts';
import { caseTaskInput, taskHandler } from '../../core/workflow/task-handler.ts';
import { assessmentTimer } from '../../core/workflow/assessment-timer.ts';

export const handler = taskHandler(caseTaskInput, (input) => assessmentTimer(dependencies(), input.caseId));
