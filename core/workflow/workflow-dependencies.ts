/** What the workflow's task steps need: the profile, the clock, the calendar, the case store and the mail. */
import type { Clock } from '../clock.ts';
import type { WorkingCalendar } from '../calendar/working-days.ts';
import type { CaseRecord } from '../cases/case.ts';
import type { CaseManagerLoad, CaseRepository, ReferralRepository } from '../cases/ports.ts';
import type { ReferralRecord } from '../cases/referral.ts';
import type { CaseRecordRepository } from '../counselling/ports.ts';
import type { Mailer } from '../mail/mail-message.ts';
import type { NoticeLedger } from '../mail/notice-ledger.ts';
import type { TaskCallbacks } from '../cases/task-callbacks.ts';
import type { DistrictProfile } from '../profile/schema.ts';

export interface WorkflowDependencies {
  readonly profile: DistrictProfile;
  readonly clock: Clock;
  readonly calendar: WorkingCalendar;
  readonly cases: CaseRepository;
  readonly referrals: ReferralRepository;
  /** The case record: the support plan's goals (reminders in monitoring) and the retention of everything in it. */
  readonly records: CaseRecordRepository;
  readonly mailer: Mailer;
  /** The notices' claims: each notice goes out at most once (core/mail/notice-ledger.ts). */
  readonly notices: NoticeLedger;
  /** A callback step whose answer came before its token was stored answers itself. */
  readonly callbacks: TaskCallbacks;
  /** Base URL of the web app, for links to a case in mails (never the case's content). */
  readonly appUrl: string;
  /** The key that signs the service's answer link in a referral mail. */
  readonly linkSecret: () => Promise<string>;
}

/** A step's precondition failed for good (unknown case, impossible stage): not retried, the case is parked. */
export class StepFailed extends Error {
  override name = 'StepFailed';
}

export async function loadCase(deps: Pick<WorkflowDependencies, 'cases'>, caseId: string): Promise<CaseRecord> {
  const record = await deps.cases.getCase(caseId);
  if (record === undefined) throw new StepFailed(`case ${caseId} does not exist`);
  return record;
}

export async function loadReferral(deps: Pick<WorkflowDependencies, 'referrals'>, caseId: string, referralId: string): Promise<ReferralRecord> {
  const referral = await deps.referrals.getReferral(referralId);
  if (referral?.caseId !== caseId) throw new StepFailed(`referral ${referralId} of case ${caseId} does not exist`);
  return referral;
}

/** The case's case manager; undefined before the assignment and once they have left. */
export async function caseManagerOf(deps: Pick<WorkflowDependencies, 'cases'>, record: CaseRecord): Promise<CaseManagerLoad | undefined> {
  return record.caseManagerId === undefined ? undefined : deps.cases.getCaseManager(record.caseManagerId);
}

export const caseUrl = (deps: Pick<WorkflowDependencies, 'appUrl'>, caseId: string): string =>
  `${deps.appUrl.replace(/\/$/, '')}/faelle/${encodeURIComponent(caseId)}`;

export function nameOf(items: readonly { id: string; name: string }[], id: string | undefined): string {
  return items.find((item) => item.id === id)?.name ?? id ?? '';
}
