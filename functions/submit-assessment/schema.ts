/** The answer of submit-assessment. */
import * as z from 'zod';

export const assessmentAnswer = z.object({ referralIds: z.array(z.string()) });
export type AssessmentAnswer = z.output<typeof assessmentAnswer>;
