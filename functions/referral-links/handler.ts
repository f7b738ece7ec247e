/**
 * The service's answer to a referral (no sign-in, no JWT authorizer): GET /api/referral-answer shows the question
 * of the mail's signed link, POST records the answer. Anyone can reach the URL, so everything rests on the signature
 * checked in core. Its own function rather than a route of meeting-links: it answers the workflow's wait
 * (SendTaskSuccess), which the meeting links have no business doing.
 */
import { answerReferralLink, referralLinkTarget } from '../../core/casework/referral-link-answer.ts';
import { REFERRAL_ANSWER_PATH } from '../../core/casework/referral-link.ts';
import { linkSecretDependencies } from '../_shared/dependencies/link-secret.ts';
import { baseDependencies } from '../_shared/dependencies/process.ts';
import { taskCallbackDependencies } from '../_shared/dependencies/step-functions.ts';
import { tableDependencies } from '../_shared/dependencies/table.ts';
import { publicRoute, publicRouter } from '../_shared/http-router.ts';
import { count } from '../_shared/metrics.ts';
import { tokenQuery } from '../meeting-links/schema.ts';
import { answerPage } from './answer-page.ts';
import '../_shared/dependencies/preload-secrets-manager.ts';

const deps = () => ({ ...baseDependencies(), ...tableDependencies(), ...taskCallbackDependencies(), ...linkSecretDependencies() });

export const handler = publicRouter([
  publicRoute({ method: 'GET', path: REFERRAL_ANSWER_PATH, schema: { query: tokenQuery }, handle: async ({ query }) => answerPage(await referralLinkTarget(deps(), query.token, await deps().linkSecret())) }),
  publicRoute({
    method: 'POST',
    path: REFERRAL_ANSWER_PATH,
    schema: { maxBodyBytes: 8 * 1024 },
    handle: async ({ body }) => {
      const form = body.kind === 'form' ? Object.fromEntries(body.value) : {};
      const decision = await answerReferralLink(deps(), form.token, await deps().linkSecret(), form);
      if (decision.outcome === 'recorded') count('ReferralsAnswered');
      return answerPage(decision);
    },
  }),
]);
