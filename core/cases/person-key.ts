/**
 * The key that finds the cases of one person without a name in any key: a SHA-256 of the normalised family name
 * and the date of birth. "Müller-Yılmaz", "MULLER YILMAZ" and "Müller Yilmaz" meet; "Mueller" does not (ü is not
 * ue — a transliteration rule would join names that differ). The normalisation forgives what intake staff really
 * vary — case, diacritics, spaces, hyphens, apostrophes, ß/ss, full-width or compatibility forms — and nothing
 * else, so a warning stays a hint between likely matches. Given names are left out on purpose: they are
 * optional and the part of a name most often written differently (order, transliteration).
 *
 * The hash pseudonymises; it does not anonymise (names and birth dates are few enough to try). It keeps names out
 * of keys and indexes; whoever can read the table can read the client items anyway.
 */
import { createHash } from 'node:crypto';

// Spaces, hyphens and dashes of every kind, apostrophes and dots (initials): written or left out at will.
const SEPARATORS = /[\s\p{Pd}'’`´.]/gu;
const COMBINING_MARKS = /\p{M}/gu;
// Letters with a stroke or without a dot have no decomposition; keyboards without them type the plain letter.
const PLAIN_LETTERS: Readonly<Record<string, string>> = { ı: 'i', ł: 'l', ø: 'o', đ: 'd', ħ: 'h' };

/** "  Müller-Lüdenscheidt " → "mullerludenscheidt"; "Straße" → "strasse"; "Yılmaz" → "yilmaz"; other scripts keep their letters. */
export function normalisedName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(SEPARATORS, '')
    .replace(/[ıłøđħ]/g, (letter) => PLAIN_LETTERS[letter] ?? letter)
    .normalize('NFC');
}

/** The person key of a family name and an ISO date of birth (YYYY-MM-DD), as hex. */
export function personKey(familyName: string, dateOfBirth: string): string {
  return createHash('sha256').update(`${normalisedName(familyName)}\n${dateOfBirth}`).digest('hex');
}
