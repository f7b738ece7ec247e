/** POST /api/referrals/{id}/outcome: accepted, declined (with reason), completed or no-show. */
import { recordOutcome } from '../../core/casework/record-outcome.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { taskCallbackDependencies } from '../_shared/dependencies/step-functions.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { bodyValues } from '../_shared/http/api-request.ts';
import { ok } from '../_shared/http/http-answer.ts';
import { idPath } from '../_shared/http/route-schemas.ts';
import { signedInHandler } from '../_shared/http-pipeline.ts';
import { count } from '../_shared/metrics.ts';
import type { OutcomeAnswer } from './schema.ts';
import '../_shared/dependencies/preload-step-functions.ts';

export const handler = signedInHandler({ path: idPath, maxBodyBytes: 8 * 1024 }, async ({ caller, path, body }) => {
  const referral = await recordOutcome({ ...baseDependencies(), ...tableDependencies(), ...taskCallbackDependencies() }, caller, path.id, bodyValues(body));
  count('ReferralsAnswered');
  return ok({ referralId: referral.referralId, status: referral.status } satisfies OutcomeAnswer);
});
