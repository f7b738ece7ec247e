/** The answer of record-outcome. */
import * as z from 'zod';
import { REFERRAL_STATUSES } from '../../core/cases/referral.ts';

export const outcomeAnswer = z.object({ referralId: z.string(), status: z.enum(REFERRAL_STATUSES) });
export type OutcomeAnswer = z.output<typeof outcomeAnswer>;
