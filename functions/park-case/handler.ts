/** Task of intake-to-referral: park a case that failed for good as needs-attention. */
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { mailDependencies } from '../_shared/dependencies/mail.ts';
import { parkTaskInput, taskHandler } from '../_shared/task-pipeline.ts';
import { parkCase } from '../../core/workflow/park-case.ts';
import { count } from '../_shared/metrics.ts';
import '../_shared/dependencies/preload-mail.ts';

export const handler = taskHandler(parkTaskInput, (input) => parkCase({ ...baseDependencies(), ...tableDependencies(), ...mailDependencies() }, input.caseId, input.step), {
  afterStep: () => {
    count('CasesParked');
  },
});
