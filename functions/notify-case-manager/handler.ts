/** Task of intake-to-referral: tell the case manager and start the assessment clock. */
import { dependencies } from '../../core/adapters/dependencies.ts';
import { caseTaskInput, taskHandler } from '../../core/workflow/task-handler.ts';
import { notifyCaseManager } from '../../core/workflow/notify-case-manager.ts';

export const handler = taskHandler(caseTaskInput, (input) => notifyCaseManager(dependencies(), input.caseId));
