/**
 * The input of an erasure (core/privacy/erase-person.ts): the legal basis and the case number typed once more, so no
 * case is erased by a slip. Apart from the use case so the route table and the case page use it without loading it.
 */
import * as z from 'zod';
import '../validation/zod-german.ts';
import { ERASURE_BASES } from './erase-basis.ts';

/** POST /api/cases/{id}/erasure. */
export const erasureSchema = z.strictObject({
  basis: z.enum(ERASURE_BASES, { error: 'bitte die Rechtsgrundlage der Löschung wählen' }),
  confirm: z.string({ error: 'bitte die Fallnummer zur Bestätigung eingeben' }).trim().min(1, 'bitte die Fallnummer zur Bestätigung eingeben').max(40, 'ist keine Fallnummer'),
});
