/** The request schema of list-gap-reports (path and query parameters arrive as strings). */
import * as z from 'zod';

export const listGapReportsQuery = z.object({ mine: z.string().optional() });
