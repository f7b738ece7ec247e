/** The answer of list-caseload: no personal data, like every list of cases. */
import * as z from 'zod';
import { CASE_STAGES } from '../../core/cases/case.ts';

/** A case as lists of cases for the coordination show it (also "Ruhende Fälle"). */
export const caseloadCase = z.object({
  caseId: z.string(),
  stage: z.enum(CASE_STAGES),
  municipalityId: z.string(),
  focusArea: z.string().optional(),
  createdAt: z.iso.datetime(),
  attention: z.object({ step: z.string(), at: z.string() }).optional(),
});

export const caseloadCasesAnswer = z.object({ cases: z.array(caseloadCase) });
export type CaseloadCasesAnswer = z.output<typeof caseloadCasesAnswer>;
