/** The answer of erase-person. */
import * as z from 'zod';
import { ERASURE_BASES } from '../../core/privacy/erase-basis.ts';

/** `done`: false while the workflow still deletes the rest and tells the services ("Löschung läuft"). */
export const erasureAnswer = z.object({ caseId: z.string(), erasedAt: z.iso.datetime(), erasedBy: z.string(), basis: z.enum(ERASURE_BASES), done: z.boolean() });
export type ErasureAnswerBody = z.output<typeof erasureAnswer>;
