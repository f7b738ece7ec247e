/** The answer of hand-over-case. */
import * as z from 'zod';
import { CASE_STAGES } from '../../core/cases/case.ts';

/** `handedOver`: false when the case had moved already (a retried call): nothing changed, no second mail. */
export const handOverAnswer = z.object({ caseId: z.string(), stage: z.enum(CASE_STAGES), caseManagerId: z.string(), handedOver: z.boolean() });
export type HandOverAnswer = z.output<typeof handOverAnswer>;
