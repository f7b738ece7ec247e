/**
 * POST /api/cases/{id}/assessment: the case manager's assessment — needs, the chosen service per need, and the
 * client's consents per recipient and purpose (form and date). Saved in one transaction, then the waiting
 * workflow is resumed with the new referral ids.
 */
import { randomUUID } from 'node:crypto';
import { referralIdOf, type ConsentRecord, type ReferralRecord } from '../cases/referral.ts';
import { VersionConflict } from '../cases/ports.ts';
import { localDate } from '../calendar/local-date.ts';
import { conflict, validationFailed } from '../errors.ts';
import type { Caller } from '../identity/caller.ts';
import { formatIssues } from '../validation/format-issues.ts';
import { caseForCaller, type CaseworkDependencies } from './casework-dependencies.ts';
import { assessmentSchema } from './input-schemas.ts';

/** Saves after the workflow's own writes of the moment; more in a row than this means the case is busy for real. */
const ATTEMPTS = 5;

export async function submitAssessment(deps: CaseworkDependencies, caller: Caller, caseId: string, raw: unknown): Promise<{ referralIds: string[] }> {
  let record = await caseForCaller(deps, caller, caseId);
  const now = deps.clock.now();
  const parsed = assessmentSchema(deps.profile, localDate(now, deps.profile.district.timeZone)).safeParse(raw);
  if (!parsed.success) throw validationFailed(formatIssues(parsed.error.issues));

  const at = now.toISOString();
  const referrals: ReferralRecord[] = parsed.data.needs.map((need, index) => ({
    referralId: referralIdOf(caseId, index),
    caseId,
    version: 1,
    createdAt: at,
    updatedAt: at,
    needCategory: need.category,
    ...(need.serviceId === undefined ? {} : { serviceId: need.serviceId }),
    status: 'planned',
  }));
  const consents: ConsentRecord[] = parsed.data.consents.map((consent) => ({
    consentId: randomUUID(),
    caseId,
    version: 1,
    recipientServiceId: consent.serviceId,
    purpose: 'referral',
    form: consent.form,
    givenAt: consent.givenAt,
    recordedBy: caller.userId,
  }));
  for (let attempt = 1; ; attempt += 1) {
    if (record.stage !== 'awaiting-assessment') throw conflict('Für diesen Fall wird keine Bedarfsklärung (mehr) erwartet.');
    try {
      await deps.cases.recordAssessment(
        record,
        referrals,
        consents,
        { kind: 'assessment-recorded', actor: caller.userId, details: { needs: referrals.length, consents: consents.length } },
        now,
      );
      break;
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
      // The workflow wrote the case meanwhile — its wait's task token, a reminder's mark; after a restart every
      // resumed case renews its wait at once (found by npm run chaos: 4 of 90 assessments refused). The same
      // assessment is saved on the fresh case; one saved by someone else meanwhile ends the loop at the stage check.
      if (attempt >= ATTEMPTS) throw conflict('Der Fall wurde zwischenzeitlich geändert. Bitte laden Sie ihn neu.');
      record = await caseForCaller(deps, caller, caseId);
    }
  }
  const referralIds = referrals.map((r) => r.referralId);
  // 'gone': the workflow is between two waits; its next wait finds the case assessed and continues by itself.
  if (record.assessmentTaskToken !== undefined) await deps.callbacks.succeed(record.assessmentTaskToken, { referralIds });
  return { referralIds };
}
