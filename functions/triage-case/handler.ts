/** Task of intake-to-referral: triage (focus area, eligibility, gap report). */
import { dependencies } from '../../core/adapters/dependencies.ts';
import { caseTaskInput, taskHandler } from '../../core/workflow/task-handler.ts';
import { triageCase } from '../../core/workflow/triage-case.ts';

export const handler = taskHandler(caseTaskInput, (input) => triageCase(dependencies(), input.caseId));
