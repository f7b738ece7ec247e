/** The answer of list-handover-targets. */
import * as z from 'zod';
import { CASE_STAGES } from '../../core/cases/case.ts';

/** `handsOver`: whether the case can be handed over at all (open, with a case manager); `targets` least loaded first. */
export const handOverTargetsAnswer = z.object({
  caseId: z.string(),
  stage: z.enum(CASE_STAGES),
  caseManagerId: z.string().optional(),
  handsOver: z.boolean(),
  targets: z.array(z.object({ staffId: z.string(), name: z.string(), providerId: z.string(), openCases: z.int() })),
});
export type HandOverTargetsAnswer = z.output<typeof handOverTargetsAnswer>;
