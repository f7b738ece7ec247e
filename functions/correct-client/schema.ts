/** The answer of correct-client. */
import * as z from 'zod';
import { CORRECTABLE_FIELDS } from '../../core/casework/correct-client-fields.ts';
import { FOCUS_AREA_IDS } from '../../core/profile/schema.ts';

/** `changed`: names only; `consequence`: what follows when the case cannot stay as it is after a move (German). */
export const correctionAnswer = z.object({
  changed: z.array(z.enum(CORRECTABLE_FIELDS)),
  clientVersion: z.int().positive(),
  eligibility: z.discriminatedUnion('kind', [
    z.object({ kind: z.enum(['unchanged', 'eligible', 'closed', 'hand-over']) }),
    z.object({ kind: z.literal('alternative-route'), from: z.enum(FOCUS_AREA_IDS), to: z.enum(FOCUS_AREA_IDS), handOver: z.boolean() }),
  ]),
  consequence: z.string().optional(),
});
export type CorrectionAnswer = z.output<typeof correctionAnswer>;
