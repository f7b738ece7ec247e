/** The request and answer schemas of search-cases (query parameters arrive as text; the use case checks them). */
import * as z from 'zod';
import { CASE_STAGES } from '../../core/cases/case.ts';

export const caseSearchQuery = z.object({ caseNumber: z.string().optional(), familyName: z.string().optional(), dateOfBirth: z.string().optional() });

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
