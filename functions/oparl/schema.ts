/** The request schema of the OParl feed (path and query parameters arrive as strings). */
import * as z from 'zod';

// OParl's list filters (created_since, …, elementsPerPage) are checked by the feed, which names each bad one.
export const oparlQuery = z.record(z.string(), z.string());
export const oparlPath = z.object({ id: z.string().optional() });
