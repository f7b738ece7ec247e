/**
 * The workflow's notices (to the case manager, the coordination, a service's reminder) go out at most once per case
 * and occasion, like referrals (core/workflow/referral-steps.ts) and meeting mails: a claim is taken before the mail
 * and kept after it. A step that dies after its mail and before recording it is retried by Step Functions (or
 * resumed after a restart); the retry finds the claim and does not mail again — it cannot know whether the dead
 * attempt's mail left, so the step records the notice as unconfirmed (the history says so). A notice is a prompt to
 * look at something that the lists and the next reminder show anyway; sending it twice is what people notice and
 * learn to ignore, so at most once is the better failure. Mails a person is owed (a service told to stop using
 * data, tell-service-stopped.ts; the hand-over notice, hand-over.ts) stay at least once, as their files explain.
 */
import type { Clock } from '../clock.ts';
import type { Mailer, OutgoingMail } from './mail-message.ts';

export interface NoticeLedger {
  /** Takes the claim on one notice of a case; false when it was taken before (by an attempt that is over). */
  claim(caseId: string, notice: string, now: Date): Promise<boolean>;
  /** Gives a claim back after the mailer refused the mail, so the retry sends it. */
  release(caseId: string, notice: string): Promise<void>;
}

/** 'unconfirmed': an earlier attempt claimed this notice and did not record it; it is not sent again. */
export type NoticeDelivery = 'sent' | 'unconfirmed';

/** What the history event that records a notice carries when its mail is unconfirmed (web/case-history.ts). */
export const deliveryDetails = (delivery: NoticeDelivery): { readonly mail?: 'unconfirmed' } => (delivery === 'unconfirmed' ? { mail: 'unconfirmed' } : {});

/** The notices' keys, one per case and occasion: what makes a second occasion a new notice. */
export const noticeKeys = {
  triageGap: (): string => 'triage-gap',
  waitingList: (generation: number): string => `waiting-list#${String(generation)}`,
  /** Per case manager: one handed the case before the assessment was requested is told in turn. */
  caseAssigned: (caseManagerId: string): string => `case-assigned#${caseManagerId}`,
  /** Per request: a hand-over while waiting for the assessment requests it anew (hand-over.ts). */
  assessmentReminder: (requestedAt: string): string => `assessment-reminder#${requestedAt}`,
  assessmentEscalation: (requestedAt: string): string => `assessment-escalation#${requestedAt}`,
  /** Per parking: a case resumed and parked again is a new occasion. */
  needsAttention: (since: string): string => `needs-attention#${since}`,
  goalReminder: (goalId: string, targetDate: string): string => `goal-reminder#${goalId}#${targetDate}`,
  outcomeReminder: (referralId: string, sentAt: string): string => `outcome-reminder#${referralId}#${sentAt}`,
  outcomeEscalation: (referralId: string, sentAt: string): string => `outcome-escalation#${referralId}#${sentAt}`,
};

export interface NoticeDependencies {
  readonly notices: NoticeLedger;
  readonly mailer: Mailer;
  readonly clock: Clock;
}

/** Claim, then send (sendClaimed). */
export async function sendNoticeOnce(deps: NoticeDependencies, caseId: string, notice: string, mail: OutgoingMail): Promise<NoticeDelivery> {
  if (!(await deps.notices.claim(caseId, notice, deps.clock.now()))) return 'unconfirmed';
  await sendClaimed(deps, caseId, [notice], mail);
  return 'sent';
}

/**
 * Sends a mail for notices this call has claimed (one mail may answer several, e.g. goal reminders). An error from
 * the mailer counts as "not sent" (SES refused it or was not reached): the claims are given back and the error
 * rethrown, so the step's retry sends it. Should giving them back fail, they stay and at most once still holds.
 */
export async function sendClaimed(deps: Pick<NoticeDependencies, 'notices' | 'mailer'>, caseId: string, claimed: readonly string[], mail: OutgoingMail): Promise<void> {
  try {
    await deps.mailer.send(mail);
  } catch (error) {
    await Promise.all(claimed.map((notice) => deps.notices.release(caseId, notice).catch(() => undefined)));
    throw error;
  }
}
