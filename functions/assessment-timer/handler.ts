/** Task of intake-to-referral: reminder and escalation for an overdue assessment; length of the next wait. */
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { mailDependencies } from '../_shared/dependencies/mail.ts';
import { caseTaskInput, taskHandler } from '../_shared/task-pipeline.ts';
import { assessmentTimer } from '../../core/workflow/assessment-timer.ts';

export const handler = taskHandler(caseTaskInput, (input) => assessmentTimer({ ...baseDependencies(), ...tableDependencies(), ...mailDependencies() }, input.caseId));
