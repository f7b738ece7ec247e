/** Task of intake-to-referral: triage (focus area, eligibility, gap report). */
import { baseDependencies } from '../../core/adapters/process-dependencies.ts';
import { tableDependencies } from '../../core/adapters/table-dependencies.ts';
import { mailDependencies } from '../../core/adapters/mail-dependencies.ts';
import { caseTaskInput, taskHandler } from '../../core/workflow/task-handler.ts';
import { triageCase } from '../../core/workflow/triage-case.ts';

export const handler = taskHandler(caseTaskInput, (input) => triageCase({ ...baseDependencies(), ...tableDependencies(), ...mailDependencies() }, input.caseId));
