/** The answers of restrict-case: what the data protection officer sees of a case — no personal data. */
import * as z from 'zod';
import { RESTRICTION_GROUNDS } from '../../core/casework/restrict-case-input.ts';
import { CASE_STAGES } from '../../core/cases/case.ts';

export const restrictionStatusAnswer = z.object({
  caseId: z.string(),
  stage: z.enum(CASE_STAGES),
  restrictedAt: z.iso.datetime().optional(),
  restrictedBy: z.string().optional(),
  reason: z.enum(RESTRICTION_GROUNDS).optional(),
});
export type RestrictionStatusAnswer = z.output<typeof restrictionStatusAnswer>;

/** `changed`: false when the case already was restricted (or free); `generation`: the execution a lift started. */
export const restrictionAnswer = restrictionStatusAnswer.extend({ changed: z.boolean(), generation: z.int().positive().optional() });
export type RestrictionAnswer = z.output<typeof restrictionAnswer>;
