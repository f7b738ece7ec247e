/** The answer of create-intake to a JSON request (a form without JavaScript gets a page instead, intake-pages.ts). */
import * as z from 'zod';
import { CASE_STAGES } from '../../core/cases/case.ts';

export const intakeAccepted = z.object({ caseId: z.string(), status: z.enum(CASE_STAGES) });
export type IntakeAccepted = z.output<typeof intakeAccepted>;
