/** The answer of create-intake to a JSON request (a form without JavaScript gets a page instead, intake-pages.ts). */
import * as z from 'zod';
import { CASE_STAGES } from '../../core/cases/case.ts';

export const intakeAccepted = z.object({ caseId: z.string(), status: z.enum(CASE_STAGES) });
export type IntakeAccepted = z.output<typeof intakeAccepted>;

/** 409 when the person already has an open or recently closed case and the intake did not confirm a second one. */
export const duplicatePersonAnswer = z.object({ message: z.string(), duplicateOf: z.array(z.string()) });
export type DuplicatePersonAnswer = z.output<typeof duplicatePersonAnswer>;
