/** The answer of hand-over-caseload. */
import * as z from 'zod';
import { CASE_STAGES } from '../../core/cases/case.ts';

/** One line per open case the person had; `remaining`: open cases still theirs afterwards (0 when all moved). */
export const caseloadAnswer = z.object({
  staffId: z.string(),
  results: z.array(
    z.object({
      caseId: z.string(),
      stage: z.enum(CASE_STAGES),
      outcome: z.enum(['moved', 'unchanged', 'refused']),
      caseManagerId: z.string().optional(),
      message: z.string().optional(),
    }),
  ),
  remaining: z.int(),
});
export type CaseloadAnswer = z.output<typeof caseloadAnswer>;
