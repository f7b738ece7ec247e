/** Task of intake-to-referral: triage (focus area, eligibility, gap report). */
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { mailDependencies } from '../_shared/dependencies/mail.ts';
import { caseTaskInput, taskHandler } from '../_shared/task-pipeline.ts';
import { triageCase } from '../../core/workflow/triage-case.ts';

export const handler = taskHandler(caseTaskInput, (input) => triageCase({ ...baseDependencies(), ...tableDependencies(), ...mailDependencies() }, input.caseId));
