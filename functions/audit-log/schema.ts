/** The request schema of audit-log: the query is checked, with German messages per field, by core/privacy/audit-log.ts. */
import * as z from 'zod';

export const auditQuery = z.object({ actor: z.string().optional(), case: z.string().optional(), from: z.string().optional(), to: z.string().optional(), cursor: z.string().optional() });
