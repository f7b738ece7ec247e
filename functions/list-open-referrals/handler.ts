/** Task of intake-to-referral: the referrals still open when a case resumes in the referring stage. */
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { caseTaskInput, taskHandler } from '../_shared/task-pipeline.ts';
import { listOpenReferrals } from '../../core/workflow/referral-steps.ts';

export const handler = taskHandler(caseTaskInput, (input) => listOpenReferrals(tableDependencies(), input.caseId));
