/** The answer of list-caseload: no personal data, like every list of cases. */
import * as z from 'zod';
import { CASE_STAGES } from '../../core/cases/case.ts';

export const caseloadCasesAnswer = z.object({
  cases: z.array(
    z.object({
      caseId: z.string(),
      stage: z.enum(CASE_STAGES),
      municipalityId: z.string(),
      focusArea: z.string().optional(),
      createdAt: z.iso.datetime(),
      attention: z.object({ step: z.string(), at: z.string() }).optional(),
    }),
  ),
});
export type CaseloadCasesAnswer = z.output<typeof caseloadCasesAnswer>;
