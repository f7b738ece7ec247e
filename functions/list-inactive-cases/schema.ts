/** The request and answer of list-inactive-cases: a page of case numbers, stages and dates, no personal data. */
import * as z from 'zod';
import { INACTIVE_CASES_MAX_LIMIT } from '../../core/casework/inactive-cases.ts';
import { caseloadCase } from '../list-caseload/schema.ts';

export const inactiveCasesQuery = z.object({
  /** The `next` of the previous page, as it came. */
  cursor: z.string().max(4000).optional(),
  limit: z.coerce.number().int().min(1).max(INACTIVE_CASES_MAX_LIMIT).optional(),
});

export const inactiveCasesAnswer = z.object({
  inactiveCaseDays: z.int(),
  cases: z
    .array(
      caseloadCase.omit({ attention: true }).extend({
        caseManagerId: z.string().optional(),
        caseManagerName: z.string().optional(),
        lastActivityAt: z.iso.datetime(),
        quietDays: z.int(),
        parked: z.boolean(),
      }),
    )
    .max(INACTIVE_CASES_MAX_LIMIT),
  next: z.string().optional(),
});
export type InactiveCasesAnswer = z.output<typeof inactiveCasesAnswer>;
