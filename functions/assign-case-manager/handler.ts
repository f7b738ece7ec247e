/** Task of intake-to-referral: assign the least-loaded covering case manager, or the waiting list. */
import { dependencies } from '../../core/adapters/dependencies.ts';
import { caseTaskInput, taskHandler } from '../../core/workflow/task-handler.ts';
import { assignCaseManager } from '../../core/workflow/assign-case-manager.ts';

export const handler = taskHandler(caseTaskInput, (input) => assignCaseManager(dependencies(), input.caseId));
