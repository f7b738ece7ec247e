/** The answer of reopen-case. */
import * as z from 'zod';
import { CASE_STAGES } from '../../core/cases/case.ts';

/** `generation`: the number of the execution that now drives the case. */
export const reopenAnswer = z.object({ reopenedAt: z.iso.datetime(), stage: z.enum(CASE_STAGES), generation: z.int() });
export type ReopenAnswer = z.output<typeof reopenAnswer>;
