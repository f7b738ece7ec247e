/** The answer of list-inactive-cases: case numbers, stages and dates, no personal data. */
import * as z from 'zod';
import { caseloadCase } from '../list-caseload/schema.ts';

export const inactiveCasesAnswer = z.object({
  inactiveCaseDays: z.int(),
  total: z.int(),
  cases: z.array(
    caseloadCase.omit({ attention: true }).extend({
      caseManagerId: z.string().optional(),
      caseManagerName: z.string().optional(),
      lastActivityAt: z.iso.datetime(),
      quietDays: z.int(),
      parked: z.boolean(),
    }),
  ),
});
export type InactiveCasesAnswer = z.output<typeof inactiveCasesAnswer>;
