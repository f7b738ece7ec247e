/**
 * POST /api/referrals/{id}/outcome: what became of a referral — accepted, declined (with a reason), completed,
 * no-show. The first outcome ends the workflow's wait for this referral; later ones (accepted → completed) only
 * update it.
 */
import { outcomesAfter, type ReferralRecord } from '../cases/referral.ts';
import { VersionConflict } from '../cases/ports.ts';
import { conflict, notFound, validationFailed } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import { formatIssues } from '../validation/format-issues.ts';
import { caseForCaller, type CaseworkDependencies } from './casework-dependencies.ts';
import { outcomeSchema } from './input-schemas.ts';

const REFERRAL_ID = /^KIM-\d{4}-[0-9A-HJKMNP-TV-Z]{8}-V\d{2}$/;

export async function recordOutcome(deps: CaseworkDependencies, caller: Caller, referralId: string, raw: unknown): Promise<ReferralRecord> {
  const referral = REFERRAL_ID.test(referralId) ? await deps.referrals.getReferral(referralId) : undefined;
  if (referral === undefined) throw notFound('Die Vermittlung');
  await caseForCaller(deps, caller, referral.caseId);
  const parsed = outcomeSchema.safeParse(raw);
  if (!parsed.success) throw validationFailed(formatIssues(parsed.error.issues));
  const { outcome, reason } = parsed.data;
  if (!outcomesAfter(referral.status).includes(outcome)) {
    throw conflict(`Diese Vermittlung steht auf „${referral.status}“; das Ergebnis „${outcome}“ passt dazu nicht (mehr).`);
  }
  const now = deps.clock.now();
  let updated: ReferralRecord;
  try {
    const { taskToken: _token, ...withoutToken } = referral;
    updated = await deps.referrals.updateReferral(
      withoutToken,
      { status: outcome, outcomeAt: now.toISOString(), ...(reason === undefined ? {} : { outcomeReason: reason }) },
      { kind: 'referral-outcome', actor: caller.userId, details: { referralId, outcome } },
      now,
    );
  } catch (error) {
    if (error instanceof VersionConflict) throw conflict('Die Vermittlung wurde zwischenzeitlich geändert. Bitte laden Sie sie neu.');
    throw error;
  }
  if (referral.status === 'sent' && referral.taskToken !== undefined) await deps.callbacks.succeed(referral.taskToken, { outcome });
  return updated;
}
