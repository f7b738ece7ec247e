/** Task of intake-to-referral: the case record follows the case's retention (set at closure, removed when reopened). */
import { applyRetention } from '../../core/workflow/apply-retention.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { caseTaskInput, taskHandler } from '../_shared/task-pipeline.ts';

export const handler = taskHandler(caseTaskInput, (input) => applyRetention(tableDependencies(), input.caseId));
