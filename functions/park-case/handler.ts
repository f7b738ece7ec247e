/** Task of intake-to-referral: park a case that failed for good as needs-attention. */
import { dependencies } from '../../core/adapters/dependencies.ts';
import { parkTaskInput, taskHandler } from '../../core/workflow/task-handler.ts';
import { parkCase } from '../../core/workflow/park-case.ts';

export const handler = taskHandler(parkTaskInput, (input) => parkCase(dependencies(), input.caseId, input.step));
