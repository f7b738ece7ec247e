/**
 * Task of intake-to-referral: consent check, then the referral to the service with only the allowed fields and its
 * signed answer link (the signing key is read on the first mail, not at init).
 */
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { mailDependencies } from '../_shared/dependencies/mail.ts';
import { linkSecretDependencies } from '../_shared/dependencies/link-secret.ts';
import { referralTaskInput, taskHandler } from '../_shared/task-pipeline.ts';
import { sendReferral } from '../../core/workflow/referral-steps.ts';
import { count } from '../_shared/metrics.ts';
import '../_shared/dependencies/preload-mail.ts';

export const handler = taskHandler(referralTaskInput, (input) => sendReferral({ ...baseDependencies(), ...tableDependencies(), ...mailDependencies(), ...linkSecretDependencies() }, input.caseId, input.referralId), {
  afterStep: (progress) => {
    if (progress.sentNow === true) count('ReferralsSent');
  },
});
