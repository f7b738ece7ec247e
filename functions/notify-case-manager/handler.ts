/** Task of intake-to-referral: tell the case manager and start the assessment clock. */
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { mailDependencies } from '../_shared/dependencies/mail.ts';
import { caseTaskInput, taskHandler } from '../_shared/task-pipeline.ts';
import { notifyCaseManager } from '../../core/workflow/notify-case-manager.ts';
import '../_shared/dependencies/preload-mail.ts';

export const handler = taskHandler(caseTaskInput, (input) => notifyCaseManager({ ...baseDependencies(), ...tableDependencies(), ...mailDependencies() }, input.caseId));
