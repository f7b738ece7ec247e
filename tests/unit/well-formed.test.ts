/**
 * The walker that refuses ill-formed UTF-16 before any schema: lone high and low surrogates and a reversed pair are
 * found with their field paths (keys too), a real surrogate pair (an emoji) passes, and a hostile nesting depth
 * neither overflows the stack nor makes the answer unbounded.
 */
import { describe, expect, it } from 'vitest';
import { illFormedFields, ILL_FORMED_MESSAGE, isWellFormedText } from '../../core/validation/well-formed.ts';

const HIGH = '\uD800';
const LOW = '\uDC00';

describe('isWellFormedText', () => {
  it('refuses a lone high, a lone low and a reversed pair, and passes a real pair', () => {
    expect(isWellFormedText(`Straße ${HIGH}`)).toBe(false);
    expect(isWellFormedText(`${HIGH}x`)).toBe(false);
    expect(isWellFormedText(`x${LOW}`)).toBe(false);
    expect(isWellFormedText(`${LOW}${HIGH}`)).toBe(false);
    expect(isWellFormedText('Familie 👨‍👩‍👧 braucht 🏠')).toBe(true);
    expect(isWellFormedText('\uD83D\uDE00')).toBe(true);
    expect(isWellFormedText('')).toBe(true);
  });
});

describe('illFormedFields', () => {
  it('names every ill-formed string by its field path, in document order, and nothing else', () => {
    const document = {
      person: { firstName: 'Amal 😀' },
      needs: { description: `Wohnung${HIGH}`, categories: ['wohnen', `x${LOW}`] },
      address: { street: `${LOW}${HIGH}Hauptstraße`, postalCode: '52349' },
      count: 3,
      nothing: null,
    };
    expect(illFormedFields(document)).toEqual([
      { field: 'needs.description', message: ILL_FORMED_MESSAGE },
      { field: 'needs.categories[1]', message: ILL_FORMED_MESSAGE },
      { field: 'address.street', message: ILL_FORMED_MESSAGE },
    ]);
    expect(illFormedFields({ person: { firstName: 'Nguyễn 👍' }, list: [1, true, 'ok'] })).toEqual([]);
  });

  it('reports a top-level string as the whole document and an ill-formed key at its parent', () => {
    expect(illFormedFields(HIGH)).toEqual([{ field: '(gesamt)', message: ILL_FORMED_MESSAGE }]);
    expect(illFormedFields({ needs: { [`a${HIGH}`]: 'x' } })).toEqual([{ field: 'needs', message: expect.stringContaining(ILL_FORMED_MESSAGE) as string }]);
  });

  it('prefixes a base path (a parameter set) and survives deep nesting with a bounded answer', () => {
    expect(illFormedFields({ token: HIGH }, ['query'])).toEqual([{ field: 'query.token', message: ILL_FORMED_MESSAGE }]);
    let deep: unknown = HIGH;
    for (let i = 0; i < 200_000; i += 1) deep = [deep];
    expect(illFormedFields(deep)).toHaveLength(1);
    expect(illFormedFields(Array.from({ length: 1000 }, () => HIGH))).toHaveLength(20);
  });
});
