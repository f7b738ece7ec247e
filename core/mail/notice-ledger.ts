/**
 * The workflow's notices (to the case manager, the coordination, a service's reminder) go out at most once per case
 * and occasion, like referrals (core/workflow/referral-steps.ts) and meeting mails: a claim is taken before the mail,
 * marked sent once the mailer took it, and kept. A step that dies after its mail and before recording it is retried
 * by Step Functions (or resumed after a restart); the retry finds the claim and does not mail again — marked, it
 * records the notice as sent; unmarked (the attempt died between claim and mark, its mail may or may not have left),
 * as unconfirmed (the history says so). Step Functions retries a task only after its previous attempt ended, and a
 * case has one running execution, so a claim found here belongs to an attempt that is over.
 *
 * Why at most once: a notice is a prompt to look at something the lists and the next reminder show anyway; sent
 * twice, it is what people notice and learn to ignore. Mails a person is owed (a service told to stop using data,
 * tell-service-stopped.ts and erase-tell-services.ts; the hand-over notice, hand-over.ts) stay at least once, as
 * their files explain.
 */
import type { Clock } from '../clock.ts';
import type { Mailer, OutgoingMail } from './mail-message.ts';

/** 'unconfirmed': an earlier attempt claimed this notice and did not mark it sent; it is not sent again. */
export type NoticeDelivery = 'sent' | 'unconfirmed';

/** This call's claim (its token gives it back or marks it), or what an earlier attempt's claim came to. */
export type NoticeClaim = { readonly status: 'claimed'; readonly token: string } | { readonly status: NoticeDelivery };

export interface NoticeLedger {
  /** Takes the claim on one notice of a case, or says what an earlier attempt's claim came to. */
  claim(caseId: string, notice: string, now: Date): Promise<NoticeClaim>;
  /** The mailer took the mail: a retry of the step then knows it went out. */
  markSent(caseId: string, notice: string, token: string, now: Date): Promise<void>;
  /** Gives a claim back after the mailer refused the mail, so the retry sends it. */
  release(caseId: string, notice: string, token: string): Promise<void>;
}

/** A notice this call holds the claim of. */
export interface ClaimedNotice {
  readonly notice: string;
  readonly token: string;
}

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
  const claim = await deps.notices.claim(caseId, notice, deps.clock.now());
  if (claim.status !== 'claimed') return claim.status;
  await sendClaimed(deps, caseId, [{ notice, token: claim.token }], mail);
  return 'sent';
}

/**
 * Sends a mail for notices this call has claimed (one mail may answer several, e.g. goal reminders), then marks them
 * sent. An error from the mailer counts as "not sent" (SES refused it or was not reached): the claims are given back
 * and the error rethrown, so the step's retry sends it. Should giving them back or marking them fail, they stay
 * claimed: at most once still holds (a mark lost makes a retry record the notice as unconfirmed).
 */
export async function sendClaimed(deps: NoticeDependencies, caseId: string, claimed: readonly ClaimedNotice[], mail: OutgoingMail): Promise<void> {
  try {
    await deps.mailer.send(mail);
  } catch (error) {
    await Promise.all(claimed.map(({ notice, token }) => deps.notices.release(caseId, notice, token).catch(() => undefined)));
    throw error;
  }
  const now = deps.clock.now();
  await Promise.all(claimed.map(({ notice, token }) => deps.notices.markSent(caseId, notice, token, now).catch(() => undefined)));
}
