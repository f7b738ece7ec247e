/**
 * The coded reasons a service may give for declining a referral (profile `referralDeclineReasons`). Coded, so the
 * KPI report can count them; a reason with `textRequired` (e.g. "sonstiges") needs a few words beside its code,
 * and free text never stands without a code. Its own module so the profile schema (schema.ts) stays one file.
 */
import * as z from 'zod';

export interface DeclineReason {
  readonly id: string;
  readonly name: string;
  /** The code alone says too little (e.g. "sonstiges"): a text is required beside it. */
  readonly textRequired?: boolean;
}

/** The profile's list; built from schema.ts's id and name schemas (passed in, so this module does not import it back). */
export function declineReasonsSchema(id: z.ZodType<string>, name: z.ZodType<string>) {
  return z
    .array(z.strictObject({ id, name, textRequired: z.boolean().optional() }))
    .min(1, 'mindestens ein Ablehnungsgrund')
    .superRefine((reasons, ctx) => {
      reasons.forEach((reason, i) => {
        if (reasons.findIndex((r) => r.id === reason.id) !== i) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `„${reason.id}“ kommt mehrfach vor` });
      });
    });
}

/** The reason with this code; undefined for a code the profile does not (or no longer) know. */
export const declineReasonOf = (reasons: readonly DeclineReason[], code: string): DeclineReason | undefined => reasons.find((r) => r.id === code);
