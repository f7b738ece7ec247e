/**
 * POST /api/referrals/{id}/outcome: the case manager records what the service answered — accepted (with the first
 * appointment, if known), declined with a coded reason, a first appointment, completed, no-show. The same rule as
 * the service's own link (answer-referral.ts); a repeated identical answer is no error.
 */
import type { ReferralRecord } from '../cases/referral.ts';
import { conflict, notFound, validationFailed } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import { formatIssues } from '../validation/format-issues.ts';
import { answerReferral } from './answer-referral.ts';
import { caseForCaller, type CaseworkDependencies } from './casework-dependencies.ts';
import { outcomeSchema } from './input-schemas.ts';

const REFERRAL_ID = /^KIM-\d{4}-[0-9A-HJKMNP-TV-Z]{8}-V\d{2}$/;

export async function recordOutcome(deps: CaseworkDependencies, caller: Caller, referralId: string, raw: unknown): Promise<ReferralRecord> {
  const referral = REFERRAL_ID.test(referralId) ? await deps.referrals.getReferral(referralId) : undefined;
  if (referral === undefined) throw notFound('Die Vermittlung');
  await caseForCaller(deps, caller, referral.caseId);
  const parsed = outcomeSchema(deps.profile).safeParse(raw);
  if (!parsed.success) throw validationFailed(formatIssues(parsed.error.issues));
  const result = await answerReferral(deps, referral, parsed.data, caller.userId);
  if (result.outcome === 'not-possible') {
    throw conflict(`Diese Vermittlung steht auf „${result.referral.status}“; die Rückmeldung „${parsed.data.outcome}“ passt dazu nicht (mehr).`);
  }
  return result.referral;
}
