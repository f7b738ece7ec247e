/** The answer of record-consent. */
import * as z from 'zod';

/**
 * `releasedReferralIds`: the referrals held for lack of this consent that now go out; `generation`: the execution
 * generation driving the case; `restarted`: whether a new one was started for them (not before the assessment, and
 * not for a parked case, which "Fortsetzen" resumes).
 */
export const additionAnswerFields = { generation: z.int().positive(), restarted: z.boolean() };
export const consentAddedAnswer = z.object({ consentId: z.string(), releasedReferralIds: z.array(z.string()), ...additionAnswerFields });
export type ConsentAddedAnswer = z.output<typeof consentAddedAnswer>;
