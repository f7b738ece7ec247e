/**
 * The input of closing a case: the coded reason from the profile, and the final status of the support plan's goals
 * (the evaluation). Apart from the use case so the route table can describe the API with the very schema.
 */
import * as z from 'zod';
import '../validation/zod-german.ts';
import { FINAL_GOAL_STATUSES } from '../counselling/record.ts';
import type { DistrictProfile } from '../profile/schema.ts';

/** The goals' final status: apart, so a missing reason does not hide which goals still need one. */
export const closeGoalsSchema = z
  .array(
    z.strictObject({
      goalId: z.string({ error: 'muss angegeben werden' }).regex(/^Z\d{2}$/, { error: 'ist keine Nummer eines Ziels' }),
      status: z.enum(FINAL_GOAL_STATUSES, { error: 'bitte erreicht, teilweise erreicht, nicht erreicht oder entfallen wählen' }),
    }),
  )
  .max(100, { error: 'zu viele Ziele' })
  .refine((goals) => new Set(goals.map((g) => g.goalId)).size === goals.length, { error: 'jedes Ziel nur einmal' })
  .default([]);

/** POST /api/cases/{id}/close. */
export function closeSchema(profile: Pick<DistrictProfile, 'closureReasons'>) {
  return z.strictObject({
    closureReason: z.enum(profile.closureReasons.map((r) => r.id) as [string, ...string[]], { error: 'bitte einen Abschlussgrund des Profils wählen' }),
    goals: closeGoalsSchema,
  });
}
