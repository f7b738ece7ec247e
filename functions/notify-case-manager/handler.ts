/** Task of intake-to-referral: tell the case manager and start the assessment clock. */
import { baseDependencies } from '../../core/adapters/process-dependencies.ts';
import { tableDependencies } from '../../core/adapters/table-dependencies.ts';
import { mailDependencies } from '../../core/adapters/mail-dependencies.ts';
import { caseTaskInput, taskHandler } from '../../core/workflow/task-handler.ts';
import { notifyCaseManager } from '../../core/workflow/notify-case-manager.ts';
import '../../core/adapters/preload-mail.ts';

export const handler = taskHandler(caseTaskInput, (input) => notifyCaseManager({ ...baseDependencies(), ...tableDependencies(), ...mailDependencies() }, input.caseId));
