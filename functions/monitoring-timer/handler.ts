/** Task of intake-to-referral: reminders for overdue goals of the support plan; length of the next wait for the closure. */
import { monitoringTimer } from '../../core/workflow/monitoring-timer.ts';
import { mailDependencies } from '../_shared/dependencies/mail.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { caseTaskInput, taskHandler } from '../_shared/task-pipeline.ts';

export const handler = taskHandler(caseTaskInput, (input) => monitoringTimer({ ...baseDependencies(), ...tableDependencies(), ...mailDependencies() }, input.caseId));
