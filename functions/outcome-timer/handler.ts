/** Task of intake-to-referral: reminder to the service (with its answer link) and escalation when its answer is overdue. */
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { mailDependencies } from '../_shared/dependencies/mail.ts';
import { linkSecretDependencies } from '../_shared/dependencies/link-secret.ts';
import { referralTaskInput, taskHandler } from '../_shared/task-pipeline.ts';
import { outcomeTimer } from '../../core/workflow/referral-steps.ts';

export const handler = taskHandler(referralTaskInput, (input) => outcomeTimer({ ...baseDependencies(), ...tableDependencies(), ...mailDependencies(), ...linkSecretDependencies() }, input.caseId, input.referralId));
