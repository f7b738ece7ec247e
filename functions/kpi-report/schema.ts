/** The request schema of kpi-report (path and query parameters arrive as strings). */
import * as z from 'zod';

// Checked by the use case, which names each bad parameter in German (core/reports/kpi-api.ts).
export const kpiQuery = z.object({ from: z.string().optional(), to: z.string().optional(), format: z.string().optional(), export: z.string().optional() });
