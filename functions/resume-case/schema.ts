/** The answer of resume-case ("Fortsetzen"). */
import * as z from 'zod';

/** `resumed`: false when the case was no longer parked (a second click): nothing was started twice. */
export const resumeAnswer = z.object({ generation: z.int().positive(), resumed: z.boolean() });
export type ResumeAnswer = z.output<typeof resumeAnswer>;
