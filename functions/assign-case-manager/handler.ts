/** Task of intake-to-referral: assign the least-loaded covering case manager, or the waiting list. */
import { baseDependencies } from '../../core/adapters/process-dependencies.ts';
import { tableDependencies } from '../../core/adapters/table-dependencies.ts';
import { mailDependencies } from '../../core/adapters/mail-dependencies.ts';
import { caseTaskInput, taskHandler } from '../../core/workflow/task-handler.ts';
import { assignCaseManager } from '../../core/workflow/assign-case-manager.ts';

export const handler = taskHandler(caseTaskInput, (input) => assignCaseManager({ ...baseDependencies(), ...tableDependencies(), ...mailDependencies() }, input.caseId));
