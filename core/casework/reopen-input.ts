/**
 * The input of reopening a closed case (core/casework/reopen-case.ts): why. Apart from the use case so the route
 * table (functions/api-routes.ts) and the case page can use the schema without loading the use case.
 */
import * as z from 'zod';
import '../validation/zod-german.ts';
import { safeText } from '../intake/text-rules.ts';

/** Goes into the case's history, which outlives the retention period: the page asks for no personal data in it. */
export const REOPEN_REASON_MAX_BYTES = 1000;

/** POST /api/cases/{id}/reopen. */
export const reopenSchema = z.strictObject({
  reason: z
    .string({ error: (issue) => (issue.input === undefined ? 'bitte den Grund der Wiedereröffnung angeben' : 'muss ein Text sein') })
    .pipe(safeText({ maxBytes: REOPEN_REASON_MAX_BYTES, multiline: true })),
});
