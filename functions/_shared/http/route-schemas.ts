/**
 * Path and query schemas several routes share. Parameters arrive as strings; the use cases check what an id must
 * look like themselves (an unknown id is "not found", not bad input), so these only say which parameters exist.
 */
import * as z from 'zod';

export const idPath = z.object({ id: z.string() });

/** Every refusal's body (http-errors.ts): one German sentence, and for bad input the field errors beside the fields. */
export const errorAnswer = z.object({
  message: z.string(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type ErrorAnswer = z.output<typeof errorAnswer>;
