/** Task of intake-to-referral: reminder and escalation for an overdue assessment; length of the next wait. */
import { baseDependencies } from '../../core/adapters/process-dependencies.ts';
import { tableDependencies } from '../../core/adapters/table-dependencies.ts';
import { mailDependencies } from '../../core/adapters/mail-dependencies.ts';
import { caseTaskInput, taskHandler } from '../../core/workflow/task-handler.ts';
import { assessmentTimer } from '../../core/workflow/assessment-timer.ts';

export const handler = taskHandler(caseTaskInput, (input) => assessmentTimer({ ...baseDependencies(), ...tableDependencies(), ...mailDependencies() }, input.caseId));
