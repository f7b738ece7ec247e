/** Task of intake-to-referral: park a case that failed for good as needs-attention. */
import { baseDependencies } from '../../core/adapters/process-dependencies.ts';
import { tableDependencies } from '../../core/adapters/table-dependencies.ts';
import { mailDependencies } from '../../core/adapters/mail-dependencies.ts';
import { parkTaskInput, taskHandler } from '../../core/workflow/task-handler.ts';
import { parkCase } from '../../core/workflow/park-case.ts';
import '../../core/adapters/preload-mail.ts';

export const handler = taskHandler(parkTaskInput, (input) => parkCase({ ...baseDependencies(), ...tableDependencies(), ...mailDependencies() }, input.caseId, input.step));
