/** The request schema of list-cases (path and query parameters arrive as strings). */
import * as z from 'zod';

export const listCasesQuery = z.object({ stage: z.string().optional(), municipality: z.string().optional() });
