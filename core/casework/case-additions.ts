/**
 * POST /api/cases/{id}/consents and POST /api/cases/{id}/referrals: the case manager adds to a case after its
 * assessment — a consent the client gave later (the referrals held back for lack of it then go out by themselves), a
 * need found later with its referral, or a declined referral's need referred to another service. Only the case's
 * own case manager: the person who works with the client obtains the consent and chooses the service; the
 * coordination reads the case but does not act in it here.
 *
 * One transaction (CaseRepository.recordAddition) saves the consent or referral, the released referrals, the case and
 * the history, conditional on the case's version: additions made at once are serialized by it, each saved with its
 * own generation or refused. When the workflow has a referral to send, the case goes (back) to `referring` in a new
 * execution generation, which the state machine's Choice sends through ListOpenReferrals and the referrals' Map:
 * planned ones are sent with the same consent check, sent ones wait for their outcome again (reminder and escalation
 * markers keep the mails from going out twice). Before the assessment a consent is only stored (the assessment's
 * referrals find it); a parked case waits for "Fortsetzen", which resumes at `referring` and finds the same.
 */
import type { CaseRecord } from '../cases/case.ts';
import { VersionConflict, type CaseWorkflow } from '../cases/ports.ts';
import type { ReferralRecord } from '../cases/referral.ts';
import { localDate } from '../calendar/local-date.ts';
import { conflict, forbidden, validationFailed } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import { formatIssues } from '../validation/format-issues.ts';
import { planConsent, planReferral, type AdditionPlan } from './case-addition-plans.ts';
import { consentAdditionSchema, referralAdditionSchema } from './case-additions-input.ts';
import { caseForCaller, type CaseworkDependencies } from './casework-dependencies.ts';

export interface CaseAdditionDependencies extends Pick<CaseworkDependencies, 'profile' | 'clock' | 'cases' | 'referrals'> {
  readonly workflow: CaseWorkflow;
}

export interface AdditionResult {
  /** The execution generation driving the case after the addition. */
  readonly generation: number;
  /** True when a new execution generation was started for it (false: stored only, or the case waits for "Fortsetzen"). */
  readonly restarted: boolean;
}

// A lost race on the case's version is planned again on a fresh read (a workflow step may have moved the case); the
// additions racing each other then find what the winner saved and are refused for a reason the person understands.
const ATTEMPTS = 3;
const STALE = 'Der Fall wurde zwischenzeitlich geändert. Bitte laden Sie ihn neu.';
const AFTER_ASSESSMENT: readonly CaseRecord['stage'][] = ['referring', 'monitoring'];

async function caseOfItsManager(deps: CaseAdditionDependencies, caller: Caller, caseId: string): Promise<CaseRecord> {
  const record = await caseForCaller(deps, caller, caseId);
  if (record.caseManagerId !== caller.userId) throw forbidden();
  if (record.stage === 'closed') throw conflict('Der Fall ist abgeschlossen; zuerst muss er wiedereröffnet werden.');
  return record;
}

async function saveAddition<T>(
  deps: CaseAdditionDependencies,
  caller: Caller,
  caseId: string,
  plan: (record: CaseRecord, referrals: readonly ReferralRecord[], now: Date) => Promise<AdditionPlan<T>>,
): Promise<T & AdditionResult> {
  for (let attempt = 1; ; attempt += 1) {
    const record = await caseOfItsManager(deps, caller, caseId);
    const now = deps.clock.now();
    const planned = await plan(record, await deps.referrals.listReferrals(caseId), now);
    const wake = planned.drives && AFTER_ASSESSMENT.includes(record.stage);
    const restart = wake && record.attention === undefined;
    // Back to `referring` without the closure's token: the case cannot be closed while a referral is on its way.
    const { closureTaskToken: _token, ...withoutClosure } = record;
    const generation = restart ? record.generation + 1 : record.generation;
    const { event } = planned.addition;
    try {
      await deps.cases.recordAddition(
        wake ? withoutClosure : record,
        { ...planned.changes, ...(wake ? { stage: 'referring' } : {}), generation },
        { ...planned.addition, event: restart ? { ...event, details: { ...event.details, generation } } : event },
        now,
      );
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
      if (attempt >= ATTEMPTS) throw conflict(STALE);
      continue;
    }
    if (restart) {
      // Stop first, so two executions never drive the same referrals. Should the start fail after the commit, the
      // daily sweeper starts it: it starts a case's current generation when that has no execution (sweep-cases.ts).
      await deps.workflow.stop(caseId, record.generation);
      await deps.workflow.start(caseId, generation);
    }
    return { ...planned.answer, generation, restarted: restart };
  }
}

export async function recordConsent(deps: CaseAdditionDependencies, caller: Caller, caseId: string, raw: unknown): Promise<{ consentId: string; releasedReferralIds: string[] } & AdditionResult> {
  await caseOfItsManager(deps, caller, caseId);
  const parsed = consentAdditionSchema(deps.profile, localDate(deps.clock.now(), deps.profile.district.timeZone)).safeParse(raw);
  if (!parsed.success) throw validationFailed(formatIssues(parsed.error.issues));
  const input = parsed.data;
  return saveAddition(deps, caller, caseId, async (record, referrals) => planConsent(record, input, { consents: await deps.cases.listConsents(caseId), referrals }, caller.userId));
}

export async function addReferral(deps: CaseAdditionDependencies, caller: Caller, caseId: string, raw: unknown): Promise<{ referralId: string } & AdditionResult> {
  await caseOfItsManager(deps, caller, caseId);
  const parsed = referralAdditionSchema(deps.profile).safeParse(raw);
  if (!parsed.success) throw validationFailed(formatIssues(parsed.error.issues));
  const input = parsed.data;
  return saveAddition(deps, caller, caseId, (record, referrals, now) => {
    if (!AFTER_ASSESSMENT.includes(record.stage)) {
      throw conflict('Bedarfe und Vermittlungen kommen nach der Bedarfsklärung hinzu; für diesen Fall steht sie noch aus.');
    }
    return Promise.resolve(planReferral(record, input, referrals, deps.profile, caller.userId, now));
  });
}
