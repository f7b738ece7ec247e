/** The answer of add-referral. */
import * as z from 'zod';
import { additionAnswerFields } from '../record-consent/schema.ts';

/** `referralId`: the new referral; `generation` and `restarted` as for a consent (record-consent/schema.ts). */
export const referralAddedAnswer = z.object({ referralId: z.string(), ...additionAnswerFields });
export type ReferralAddedAnswer = z.output<typeof referralAddedAnswer>;
