/** Task of intake-to-referral: assign the least-loaded covering case manager, or the waiting list. */
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { mailDependencies } from '../_shared/dependencies/mail.ts';
import { caseTaskInput, taskHandler } from '../_shared/task-pipeline.ts';
import { assignCaseManager } from '../../core/workflow/assign-case-manager.ts';

export const handler = taskHandler(caseTaskInput, (input) => assignCaseManager({ ...baseDependencies(), ...tableDependencies(), ...mailDependencies() }, input.caseId));
