/**
 * A referral link followed (referral-link.ts). Mail scanners open every link in a mail, so following it only shows
 * the question (`referralLinkTarget`); the service's form post records its answer (`answerReferralLink`) through the
 * same rule as the case manager's (answer-referral.ts), as actor `service:<serviceId>`. Both return a decision; the
 * referral-links function turns it into the German page. The page names the case and referral numbers, the need and
 * the service — nothing of the person: the service has the person's data from the mail, the link's holder need not.
 */
import type { Clock } from '../clock.ts';
import type { CaseRepository, ReferralRepository } from '../cases/ports.ts';
import { answersAfter, type ReferralAnswerKind, type ReferralRecord } from '../cases/referral.ts';
import type { TaskCallbacks } from '../cases/task-callbacks.ts';
import type { DistrictProfile } from '../profile/schema.ts';
import { formatIssues, type FieldError } from '../validation/format-issues.ts';
import { answerReferral } from './answer-referral.ts';
import { outcomeSchema } from './input-schemas.ts';
import { verifyReferralLink } from './referral-link.ts';

/** What the page may name: numbers and the profile's names, nothing of the person. */
export interface ReferralLinkInfo {
  readonly caseNumber: string;
  readonly referralNumber: string;
  readonly serviceName: string;
  readonly needName: string;
  readonly status: ReferralRecord['status'];
  readonly firstAppointment?: string;
}

export type ReferralLinkDecision =
  | { readonly outcome: 'invalid-link' }
  | { readonly outcome: 'expired' }
  | { readonly outcome: 'unknown-referral' }
  | { readonly outcome: 'restricted'; readonly caseNumber: string }
  | { readonly outcome: 'nothing-to-answer'; readonly referral: ReferralLinkInfo }
  | {
      readonly outcome: 'ask';
      readonly referral: ReferralLinkInfo;
      readonly token: string;
      readonly answers: readonly ReferralAnswerKind[];
      readonly declineReasons: DistrictProfile['referralDeclineReasons'];
      /** After a form with mistakes: one German message per field, and what was entered (shown again). */
      readonly errors?: readonly FieldError[];
      readonly values?: Readonly<Record<string, string>>;
    }
  | { readonly outcome: 'recorded' | 'already-recorded'; readonly referral: ReferralLinkInfo; readonly answer: ReferralAnswerKind }
  | { readonly outcome: 'not-possible'; readonly referral: ReferralLinkInfo };

export interface ReferralLinkDependencies {
  readonly profile: DistrictProfile;
  readonly clock: Clock;
  readonly referrals: ReferralRepository;
  /** Only to see whether the referral's case is restricted (Art. 18). */
  readonly cases: Pick<CaseRepository, 'getCase'>;
  readonly callbacks: TaskCallbacks;
}

const nameIn = (list: readonly { id: string; name: string }[], id: string | undefined): string => list.find((e) => e.id === id)?.name ?? id ?? '–';

function infoOf(profile: DistrictProfile, referral: ReferralRecord): ReferralLinkInfo {
  return {
    caseNumber: referral.caseId,
    referralNumber: referral.referralId,
    serviceName: nameIn(profile.services, referral.serviceId),
    needName: nameIn(profile.needCategories, referral.needCategory),
    status: referral.status,
    ...(referral.firstAppointment === undefined ? {} : { firstAppointment: referral.firstAppointment }),
  };
}

type Target = { readonly outcome: 'found'; readonly referral: ReferralRecord & { readonly serviceId: string } };

async function target(deps: Pick<ReferralLinkDependencies, 'clock' | 'referrals' | 'cases'>, token: string | undefined, secret: string): Promise<Target | ReferralLinkDecision> {
  const verified = token === undefined ? 'invalid' : verifyReferralLink(token, secret, deps.clock.now());
  if (verified === 'invalid') return { outcome: 'invalid-link' };
  if (verified === 'expired') return { outcome: 'expired' };
  const referral = await deps.referrals.getReferral(verified.referralId);
  // Only a sent referral has a service that got a link.
  if (referral?.serviceId === undefined || referral.sentAt === undefined) return { outcome: 'unknown-referral' };
  // A restricted case (Art. 18) takes no answer: nothing is recorded, the service is told why.
  if ((await deps.cases.getCase(referral.caseId))?.restrictedAt !== undefined) return { outcome: 'restricted', caseNumber: referral.caseId };
  return { outcome: 'found', referral: { ...referral, serviceId: referral.serviceId } };
}

function question(deps: Pick<ReferralLinkDependencies, 'profile'>, referral: ReferralRecord, token: string, mistakes?: { errors: readonly FieldError[]; values: Readonly<Record<string, string>> }): ReferralLinkDecision {
  const info = infoOf(deps.profile, referral);
  const answers = answersAfter(referral.status);
  if (answers.length === 0) return { outcome: 'nothing-to-answer', referral: info };
  return { outcome: 'ask', referral: info, token, answers, declineReasons: deps.profile.referralDeclineReasons, ...mistakes };
}

/** Following the link: the question — records nothing. */
export async function referralLinkTarget(deps: ReferralLinkDependencies, token: string | undefined, secret: string): Promise<ReferralLinkDecision> {
  const found = await target(deps, token, secret);
  if (found.outcome !== 'found') return found;
  return question(deps, found.referral, token ?? '');
}

/** The service's form: its fields (empty ones left out) checked like the case manager's, then recorded once. */
export async function answerReferralLink(deps: ReferralLinkDependencies, token: string | undefined, secret: string, form: Readonly<Record<string, string>>): Promise<ReferralLinkDecision> {
  const found = await target(deps, token, secret);
  if (found.outcome !== 'found') return found;
  const { referral } = found;
  const values = Object.fromEntries(Object.entries(form).filter(([key, value]) => key !== 'token' && value.trim() !== ''));
  const parsed = outcomeSchema(deps.profile).safeParse(values);
  if (!parsed.success) return question(deps, referral, token ?? '', { errors: formatIssues(parsed.error.issues), values });
  const result = await answerReferral(deps, referral, parsed.data, `service:${referral.serviceId}`);
  const info = infoOf(deps.profile, result.referral);
  return result.outcome === 'not-possible' ? { outcome: 'not-possible', referral: info } : { outcome: result.outcome, referral: info, answer: parsed.data.outcome };
}
