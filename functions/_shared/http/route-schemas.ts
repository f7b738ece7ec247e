/**
 * Path and query schemas several routes share. Parameters arrive as strings; the use cases check what an id must
 * look like themselves (an unknown id is "not found", not bad input), so these only say which parameters exist.
 */
import * as z from 'zod';

export const idPath = z.object({ id: z.string() });
