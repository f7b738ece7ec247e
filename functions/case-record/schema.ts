/** The request schemas of the case record's routes (path parameters arrive as strings). */
import * as z from 'zod';

export const goalPath = z.object({ id: z.string(), goalId: z.string() });
