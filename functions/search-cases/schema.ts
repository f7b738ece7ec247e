/** The answer of search-cases (its body schema is the use case's: core/casework/search-cases.ts). */
import * as z from 'zod';
import { CASE_STAGES } from '../../core/cases/case.ts';

export const caseSearchAnswer = z.object({
  results: z.array(
    z.object({
      caseId: z.string(),
      stage: z.enum(CASE_STAGES),
      createdAt: z.iso.datetime(),
      municipalityId: z.string(),
      familyName: z.string(),
      givenNames: z.string().optional(),
      dateOfBirth: z.iso.date(),
    }),
  ),
});
export type CaseSearchAnswer = z.output<typeof caseSearchAnswer>;
