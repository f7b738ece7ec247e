import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../core/html/escape-html.ts';

/** Decodes decimal numeric character references, the only entities escapeHtml writes. */
function decodeNumericEntities(html: string): string {
  return html.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

describe('escapeHtml', () => {
  it('escapes a script tag', () => {
    expect(escapeHtml('<script>alert(1)</script>')).toBe('&#60;script&#62;alert(1)&#60;/script&#62;');
  });

  it('escapes double and single quotes, so attribute values cannot be closed', () => {
    expect(escapeHtml(`" onmouseover="x`)).toBe('&#34; onmouseover=&#34;x');
    expect(escapeHtml(`' onfocus='x`)).toBe('&#39; onfocus=&#39;x');
  });

  it('escapes the ampersand, including one that already starts an entity', () => {
    expect(escapeHtml('Müller & Söhne')).toBe('Müller &#38; Söhne');
    expect(escapeHtml('&lt;')).toBe('&#38;lt;');
    expect(escapeHtml('&#60;')).toBe('&#38;#60;');
  });

  it('leaves other text, umlauts and emoji untouched', () => {
    expect(escapeHtml('')).toBe('');
    expect(escapeHtml('Grüße aus Düren 😀 – 10/20 = 50 %')).toBe('Grüße aus Düren 😀 – 10/20 = 50 %');
  });

  const htmlish = fc.string({
    unit: fc.oneof(fc.constantFrom('<', '>', '"', "'", '&', '#', ';', '6', '0', 'a', ' ', '&#60;', '&#38;', '&amp;'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })),
  });

  it('property: the output never contains <, >, " or \'', () => {
    fc.assert(
      fc.property(htmlish, (text) => {
        expect(escapeHtml(text)).not.toMatch(/[<>"']/);
      }),
      { numRuns: 1000 },
    );
  });

  it('property: decoding the numeric entities gives back the input', () => {
    fc.assert(
      fc.property(htmlish, (text) => {
        expect(decodeNumericEntities(escapeHtml(text))).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('property: every & in the output starts a numeric entity', () => {
    fc.assert(
      fc.property(htmlish, (text) => {
        expect(escapeHtml(text)).not.toMatch(/&(?!#\d+;)/);
      }),
      { numRuns: 500 },
    );
  });
});
