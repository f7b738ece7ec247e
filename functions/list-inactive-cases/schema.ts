/** The answer of list-inactive-cases: case numbers, stages and dates, no personal data. */
import * as z from 'zod';
import { CASE_STAGES } from '../../core/cases/case.ts';

export const inactiveCasesAnswer = z.object({
  inactiveCaseDays: z.int(),
  total: z.int(),
  cases: z.array(
    z.object({
      caseId: z.string(),
      stage: z.enum(CASE_STAGES),
      municipalityId: z.string(),
      focusArea: z.string().optional(),
      caseManagerId: z.string().optional(),
      caseManagerName: z.string().optional(),
      createdAt: z.iso.datetime(),
      lastActivityAt: z.iso.datetime(),
      quietDays: z.int(),
      parked: z.boolean(),
    }),
  ),
});
export type InactiveCasesAnswer = z.output<typeof inactiveCasesAnswer>;
