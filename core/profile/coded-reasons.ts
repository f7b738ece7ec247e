/**
 * Coded reasons of the profile: why a service declined a referral (`referralDeclineReasons`), why a case was closed
 * (`closureReasons`). Coded, so the KPI report can count them; a reason with `textRequired` (e.g. "sonstiges") needs
 * a few words beside its code where the input has room for them, and free text never stands without a code. Its
 * own module so the profile schema (schema.ts) stays one file.
 */
import * as z from 'zod';

export interface CodedReason {
  readonly id: string;
  readonly name: string;
  /** The code alone says too little (e.g. "sonstiges"): a text is required beside it. */
  readonly textRequired?: boolean;
}

/**
 * A list of coded reasons, at least one, each code once; `what` names one reason in the message of an empty list.
 * Built from schema.ts's id and name schemas (passed in, so this module does not import it back).
 */
export function codedReasonsSchema(id: z.ZodType<string>, name: z.ZodType<string>, what: string) {
  return z
    .array(z.strictObject({ id, name, textRequired: z.boolean().optional() }))
    .min(1, `mindestens ein ${what}`)
    .superRefine((reasons, ctx) => {
      reasons.forEach((reason, i) => {
        if (reasons.findIndex((r) => r.id === reason.id) !== i) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `„${reason.id}“ kommt mehrfach vor` });
      });
    });
}
