/**
 * The input of handing cases over (core/casework/hand-over.ts): to whom — a case manager by id, or `auto` for the
 * assignment's rule (least open cases) — and why. Apart from the use case so the route table
 * (functions/api-routes.ts) and the pages can use the schemas without loading the use case.
 */
import * as z from 'zod';
import '../validation/zod-german.ts';
import { safeText } from '../intake/text-rules.ts';

/** Goes into the case's history, which outlives the retention period: the page asks for no personal data in it. */
export const HANDOVER_REASON_MAX_BYTES = 1000;

/** The target "automatisch (geringste Auslastung)": the assignment's least-loaded rule. */
export const AUTO_TARGET = 'auto';

const staffId = (missing: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? missing : 'muss eine Kennung sein') })
    .trim()
    .min(1, { error: missing })
    .max(200, { error: 'ist zu lang' });

const target = staffId('bitte wählen, an wen übergeben wird (oder „automatisch“)');

const reason = z
  .string({ error: (issue) => (issue.input === undefined ? 'bitte den Grund der Übergabe angeben' : 'muss ein Text sein') })
  .pipe(safeText({ maxBytes: HANDOVER_REASON_MAX_BYTES, multiline: true }));

/**
 * POST /api/cases/{id}/handover. `from` is whose case the caller saw: a retried call (also with `auto`) then finds
 * the case already moved and moves it no further.
 */
export const caseHandoverSchema = z.strictObject({
  from: staffId('bitte angeben, von wem der Fall übergeben wird'),
  target,
  reason,
});
export type CaseHandoverInput = z.output<typeof caseHandoverSchema>;

/** POST /api/staff/{id}/handover: all open cases of that case manager. */
export const caseloadHandoverSchema = z.strictObject({ target, reason });
export type CaseloadHandoverInput = z.output<typeof caseloadHandoverSchema>;
