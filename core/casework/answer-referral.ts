/**
 * Recording an answer to a referral — by the service through its signed link (referral-link-answer.ts) or by the
 * case manager through the API (record-outcome.ts); one rule for both. The first outcome ends the workflow's wait
 * for the referral (the task token); later answers (accepted → first appointment → completed) only update it.
 *
 * Exactly once: the update is conditional on the version; who loses a race re-reads and finds either the very
 * same answer (already recorded — a repeated click, a retried POST) or a referral that has moved on.
 */
import { answersAfter, type ReferralRecord, type ReferralStatus } from '../cases/referral.ts';
import { VersionConflict, type CaseEvent } from '../cases/ports.ts';
import type { CaseworkDependencies } from './casework-dependencies.ts';
import type { OutcomeInput } from './input-schemas.ts';

export type AnswerResult =
  | { readonly outcome: 'recorded'; readonly referral: ReferralRecord }
  | { readonly outcome: 'already-recorded'; readonly referral: ReferralRecord }
  /** The referral's status does not allow this answer (any more): e.g. completed after a decline. */
  | { readonly outcome: 'not-possible'; readonly referral: ReferralRecord };

// A conflict is another writer (a concurrent answer, the workflow keeping its token); a few re-reads settle it.
const ATTEMPTS = 5;

/** The status the answer leads to: a first appointment means the referral was accepted. */
const statusAfter = (answer: OutcomeInput): ReferralStatus => (answer.outcome === 'appointment' ? 'accepted' : answer.outcome);

/** Whether the referral already says exactly what this answer says. */
function alreadySays(referral: ReferralRecord, answer: OutcomeInput): boolean {
  if (referral.status !== statusAfter(answer)) return false;
  if (answer.outcome === 'appointment') return referral.firstAppointment === answer.firstAppointment;
  return (
    referral.outcomeReasonCode === answer.reasonCode &&
    referral.outcomeReason === answer.reason &&
    (answer.firstAppointment === undefined || referral.firstAppointment === answer.firstAppointment)
  );
}

function changesFor(answer: OutcomeInput, now: Date): Partial<ReferralRecord> {
  if (answer.outcome === 'appointment') return { status: 'accepted', firstAppointment: answer.firstAppointment };
  return {
    status: answer.outcome,
    outcomeAt: now.toISOString(),
    ...(answer.reasonCode === undefined ? {} : { outcomeReasonCode: answer.reasonCode }),
    ...(answer.reason === undefined ? {} : { outcomeReason: answer.reason }),
    ...(answer.firstAppointment === undefined ? {} : { firstAppointment: answer.firstAppointment }),
  };
}

/** The history line: codes only, never the text beside them nor the appointment's date (the referral shows those). */
function eventFor(referral: ReferralRecord, answer: OutcomeInput, actor: string): CaseEvent {
  const { referralId } = referral;
  // A first appointment for a referral still waiting for its answer accepts it: the history says so.
  if (answer.outcome === 'appointment' && referral.status !== 'sent') return { kind: 'referral-appointment', actor, details: { referralId } };
  const outcome = statusAfter(answer);
  return {
    kind: 'referral-outcome',
    actor,
    details: { referralId, outcome, ...(answer.reasonCode === undefined ? {} : { reasonCode: answer.reasonCode }), ...(answer.firstAppointment === undefined ? {} : { firstAppointment: true }) },
  };
}

/** `actor`: the case manager's id, or `service:<serviceId>` for the service's link. */
export async function answerReferral(
  deps: Pick<CaseworkDependencies, 'clock' | 'referrals' | 'callbacks'>,
  found: ReferralRecord,
  answer: OutcomeInput,
  actor: string,
): Promise<AnswerResult> {
  let referral = found;
  for (let attempt = 1; ; attempt++) {
    // Erased (Art. 17): nothing more is recorded for the person, by the case manager or by the service's link.
    if (referral.erasedAt !== undefined) return { outcome: 'not-possible', referral };
    if (alreadySays(referral, answer)) return { outcome: 'already-recorded', referral };
    if (!answersAfter(referral.status).includes(answer.outcome)) return { outcome: 'not-possible', referral };
    const now = deps.clock.now();
    try {
      // The token leaves the item with the answer: it is used once, below, and never again.
      const { taskToken, ...withoutToken } = referral;
      const updated = await deps.referrals.updateReferral(withoutToken, changesFor(answer, now), eventFor(referral, answer, actor), now);
      // Only the first outcome ends the wait; a token not yet stored is answered by the waiting step itself (awaitOutcome).
      if (referral.status === 'sent' && taskToken !== undefined) await deps.callbacks.succeed(taskToken, { outcome: updated.status });
      return { outcome: 'recorded', referral: updated };
    } catch (error) {
      if (!(error instanceof VersionConflict) || attempt >= ATTEMPTS) throw error;
      const fresh = await deps.referrals.getReferral(referral.referralId);
      if (fresh === undefined) throw error;
      referral = fresh;
    }
  }
}
