/** The answer of list-case-managers. */
import * as z from 'zod';

/** `active`: false once the person has left (disabled); they are listed while they may still own cases. */
export const caseManagersAnswer = z.object({
  caseManagers: z.array(
    z.object({ staffId: z.string(), name: z.string(), providerId: z.string(), focusAreas: z.array(z.string()), openCases: z.int(), active: z.boolean() }),
  ),
});
export type CaseManagersAnswer = z.output<typeof caseManagersAnswer>;
