/**
 * Rules for text people type into KIM Flow. Names come in any script (Arabic, Cyrillic, Latin with diacritics…),
 * so they are NFC-normalised (one spelling per name, for search and for mail) and checked for what can hide or
 * reorder text: control characters and the bidirectional embedding/override/isolate characters (U+202A–U+202E,
 * U+2066–U+2069, the "Trojan Source" trick), for lone UTF-16 surrogates (no UTF-8 for them: stored, they break
 * every strict reader of the table), and in names for stacked combining marks ("Zalgo" text that paints over the
 * lines around it). Limits are in UTF-8 bytes, because that is what DynamoDB counts.
 */
import '../validation/zod-german.ts';
import * as z from 'zod';
import { ILL_FORMED_MESSAGE, isWellFormedText } from '../validation/well-formed.ts';

// eslint-disable-next-line no-control-regex -- control characters are exactly what this rule finds
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const LINE_BREAK = /[\r\n\t\u2028\u2029]/u;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
// Letters and combining marks of any script, with the separators names really use.
const NAME = /^[\p{L}\p{M}](?:[\p{L}\p{M}'’. -]*[\p{L}\p{M}.])?$/u;
// Real names stack at most three marks on one letter after NFC (Vietnamese "ễ" is one code point, Arabic
// "اللَّٰه" shadda + fatha + dagger alef three); four or more in a row is decoration, not spelling.
const STACKED_MARKS = /\p{M}{4,}/u;

// TextEncoder, not Buffer: the web form checks with the same rules in the browser.
const UTF8 = new TextEncoder();
export const utf8Bytes = (text: string): number => UTF8.encode(text).length;

interface TextOptions {
  readonly maxBytes: number;
  /** Free text may span lines; names and single-line fields may not. */
  readonly multiline?: boolean;
}

function checkText(value: string, ctx: z.RefinementCtx, options: TextOptions): void {
  if (!isWellFormedText(value)) ctx.addIssue({ code: 'custom', message: ILL_FORMED_MESSAGE });
  if (BIDI_CONTROL.test(value)) {
    ctx.addIssue({ code: 'custom', message: 'enthält unzulässige Steuerzeichen für die Schreibrichtung (z. B. U+202E)' });
  } else if (CONTROL.test(value) || (options.multiline !== true && LINE_BREAK.test(value))) {
    ctx.addIssue({
      code: 'custom',
      message: options.multiline === true ? 'enthält unzulässige Steuerzeichen' : 'darf keine Zeilenumbrüche oder Steuerzeichen enthalten',
    });
  }
  if (utf8Bytes(value) > options.maxBytes) {
    ctx.addIssue({ code: 'custom', message: `ist zu lang (höchstens ${options.maxBytes} Byte, etwa ${Math.floor(options.maxBytes / 2)} Zeichen)` });
  }
}

/** Checks first, then trims and normalises, so a stray line break is reported rather than silently trimmed away. */
export function safeText(options: TextOptions) {
  return z
    .string({ error: 'muss ein Text sein' })
    .superRefine((value, ctx) => {
      checkText(value, ctx, options);
    })
    .transform((value) => value.trim().normalize('NFC'))
    .pipe(z.string().min(1, { error: 'darf nicht leer sein' }));
}

/** A personal name in any script: letters and marks, with spaces, hyphens, apostrophes and dots between. */
export function personName(maxBytes = 200) {
  return safeText({ maxBytes }).pipe(
    z
      .string()
      .regex(NAME, { error: 'darf nur Buchstaben (jeder Schrift), Leerzeichen, Bindestriche, Apostrophe und Punkte enthalten' })
      .refine((name) => !STACKED_MARKS.test(name), { error: 'enthält zu viele übereinanderliegende Zeichen (Akzente)' }),
  );
}
