/**
 * The text rules the intake form shares with the browser: a lone surrogate is a field error in any text (so the
 * page shows it at the field before sending), and names refuse stacked combining marks ("Zalgo") while real names
 * of scripts that stack marks — Vietnamese, Arabic with harakat, Devanagari — still pass, typed NFC or NFD.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { personName, safeText } from '../../core/intake/text-rules.ts';
import { ILL_FORMED_MESSAGE } from '../../core/validation/well-formed.ts';

const messages = (schema: z.ZodType, value: unknown): string[] => {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
};

const STACKED = 'enthält zu viele übereinanderliegende Zeichen (Akzente)';

describe('safeText', () => {
  const text = safeText({ maxBytes: 400, multiline: true });

  it('refuses lone high, lone low and reversed surrogates with the German message', () => {
    for (const bad of ['Wohnung \uD800 gesucht', 'Wohnung \uDC00', '\uDC00\uD800']) expect(messages(text, bad)).toContain(ILL_FORMED_MESSAGE);
  });

  it('passes a real surrogate pair (emoji) and multilingual text', () => {
    expect(text.parse('Familie sucht 🏠\nسكن للعائلة')).toBe('Familie sucht 🏠\nسكن للعائلة');
  });
});

describe('personName', () => {
  const name = personName();

  it.each([
    ['Vietnamese (NFC)', 'Nguyễn Thị Minh Khai'],
    ['Vietnamese typed decomposed (NFD)', 'Nguyễn Thị Minh Khai'.normalize('NFD')],
    ['Arabic with harakat', 'مُحَمَّد'],
    ['Arabic full name with harakat', 'عَبْدُ ٱللَّٰه'],
    ['Hindi', 'श्रीनिवास'],
    ['Hindi with conjuncts', 'क्षत्रिय'],
    ['Hebrew with niqqud', 'יִצְחָק'],
  ])('passes a real name: %s', (_script, value) => {
    expect(messages(name, value)).toEqual([]);
  });

  it('refuses four or more stacked marks on one letter ("Zalgo") with a German message', () => {
    // Five marks: NFC composes Z + acute into Ź, which leaves four stacked on it.
    const zalgo = `Z\u0301\u0316\u0334\u0359\u0353algo`;
    expect(messages(name, zalgo)).toEqual([STACKED]);
    expect(messages(name, `Ana${'\u0300'.repeat(30)}`)).toEqual([STACKED]);
    // Three stay allowed: the bound is about decoration, not about marks as such.
    expect(messages(name, `Ana\u0300\u0301\u0302`)).toEqual([]);
  });

  it('refuses a lone surrogate in a name', () => {
    expect(messages(name, 'Amal\uD800')).toContain(ILL_FORMED_MESSAGE);
  });
});
