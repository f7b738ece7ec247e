/** Task of intake-to-referral: the referrals still open when a case resumes in the referring stage. */
import { tableDependencies } from '../../core/adapters/table-dependencies.ts';
import { caseTaskInput, taskHandler } from '../../core/workflow/task-handler.ts';
import { listOpenReferrals } from '../../core/workflow/referral-steps.ts';

export const handler = taskHandler(caseTaskInput, (input) => listOpenReferrals(tableDependencies(), input.caseId));
