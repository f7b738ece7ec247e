/**
 * The input of restricting the processing of a case (core/casework/restrict-case.ts), apart from the use case so the
 * route table and the data protection officer's page can use it without loading the use case. The reason is the
 * ground of Art. 18 (1) DSGVO as a code — no free text, so no personal data can slip into the history — and only the
 * data protection officer's pages show it.
 */
import * as z from 'zod';
import '../validation/zod-german.ts';

export const RESTRICTION_GROUNDS = ['accuracy-contested', 'unlawful-processing', 'legal-claims', 'objection-pending'] as const;
export type RestrictionGround = (typeof RESTRICTION_GROUNDS)[number];

/** Art. 18 (1) lit. a–d, as the page offers them. Browser-safe: plain data. */
export const RESTRICTION_GROUND_LABELS: Readonly<Record<RestrictionGround, string>> = {
  'accuracy-contested': 'Richtigkeit der Daten bestritten (Art. 18 Abs. 1 lit. a DSGVO)',
  'unlawful-processing': 'Unrechtmäßige Verarbeitung, Einschränkung statt Löschung verlangt (lit. b)',
  'legal-claims': 'Daten zur Geltendmachung von Rechtsansprüchen benötigt (lit. c)',
  'objection-pending': 'Widerspruch eingelegt, Prüfung läuft (lit. d)',
};

/** POST /api/cases/{id}/restriction: restricting names its ground, lifting needs none. */
export const restrictionSchema = z.discriminatedUnion(
  'action',
  [
    z.strictObject({ action: z.literal('restrict'), reason: z.enum(RESTRICTION_GROUNDS, { error: 'bitte einen Grund nach Art. 18 Abs. 1 DSGVO wählen' }) }),
    z.strictObject({ action: z.literal('lift') }),
  ],
  { error: 'bitte „einschränken“ (restrict) oder „aufheben“ (lift) wählen' },
);
export type RestrictionInput = z.output<typeof restrictionSchema>;
