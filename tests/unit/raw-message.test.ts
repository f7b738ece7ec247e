import fc from 'fast-check';
import * as mimeFuncs from 'nodemailer/lib/mime-funcs';
import { describe, expect, it } from 'vitest';
import { addressesOf, decodeEncodedWords, parseHeaders } from '../../local/ses/raw-message.ts';

function raw(lines: readonly string[], eol = '\r\n'): Buffer {
  return Buffer.from(lines.join(eol), 'utf8');
}

describe('parseHeaders', () => {
  const message = raw([
    'From: KIM Kreis Düren <kim@kreis-dueren.de>',
    'To: anna@example.org,',
    '\tbernd@example.org',
    'Subject: Termin',
    '  am Montag',
    'X-Kim-Case: 42',
    '',
    'To: nicht@header.de',
    'Subject: auch kein Header',
    '',
    'Hallo!',
  ]);

  it('unfolds folded headers', () => {
    const headers = parseHeaders(message);
    expect(headers.get('Subject')).toBe('Termin am Montag');
    expect(headers.get('To')).toBe('anna@example.org, bernd@example.org');
  });

  it('looks names up case-insensitively', () => {
    const headers = parseHeaders(message);
    expect(headers.get('x-kim-case')).toBe('42');
    expect(headers.get('X-KIM-CASE')).toBe('42');
    expect(headers.get('from')).toBe('KIM Kreis Düren <kim@kreis-dueren.de>');
  });

  it('stops at the first blank line, so a "To:" in the body is no header', () => {
    const headers = parseHeaders(message);
    expect(headers.get('To')).not.toContain('nicht@header.de');
    expect(headers.get('Subject')).not.toContain('auch kein Header');
  });

  it('stops at the first blank line with bare LF line ends too', () => {
    const headers = parseHeaders(raw(['Subject: Oben', 'Cc: a@example.org', '', 'Cc: body@example.org'], '\n'));
    expect(headers.get('Subject')).toBe('Oben');
    expect(headers.get('Cc')).toBe('a@example.org');
  });

  it('reads a message that is only headers (no blank line)', () => {
    const headers = parseHeaders(raw(['Subject: Nur Kopf', 'To: x@example.org']));
    expect(headers.get('Subject')).toBe('Nur Kopf');
    expect(headers.get('To')).toBe('x@example.org');
  });

  it('joins repeated headers with a comma', () => {
    const headers = parseHeaders(raw(['To: a@example.org', 'Cc: c@example.org', 'to: b@example.org', '', 'body']));
    expect(headers.get('To')).toBe('a@example.org, b@example.org');
    expect(headers.get('Cc')).toBe('c@example.org');
  });

  it('keeps colons inside the value and returns undefined for a missing header', () => {
    const headers = parseHeaders(raw(['Subject: Termin: 10:30 Uhr', '', '']));
    expect(headers.get('Subject')).toBe('Termin: 10:30 Uhr');
    expect(headers.get('Bcc')).toBeUndefined();
  });
});

describe('addressesOf', () => {
  it('returns nothing for undefined, empty or blank input', () => {
    expect(addressesOf(undefined)).toEqual([]);
    expect(addressesOf('')).toEqual([]);
    expect(addressesOf('   ')).toEqual([]);
  });

  it('strips display names, quoted or not', () => {
    expect(addressesOf('"Müller, Anna" <anna@example.org>, Bernd Schmitz <bernd@example.org>, carla@example.org')).toEqual([
      'anna@example.org',
      'bernd@example.org',
      'carla@example.org',
    ]);
  });

  it('flattens groups and drops empty ones', () => {
    expect(addressesOf('Team KIM: a@example.org, "B" <b@example.org>;, c@example.org')).toEqual(['a@example.org', 'b@example.org', 'c@example.org']);
    expect(addressesOf('Undisclosed recipients:;')).toEqual([]);
  });
});

describe('decodeEncodedWords', () => {
  it('decodes a B-encoded UTF-8 word', () => {
    expect(decodeEncodedWords('=?UTF-8?B?R3LDvMOfZSBhdXMgRMO8cmVu?=')).toBe('Grüße aus Düren');
  });

  it('decodes a Q-encoded UTF-8 word, with _ as space, in any case of charset and encoding', () => {
    expect(decodeEncodedWords('=?UTF-8?Q?Gr=C3=BC=C3=9Fe_aus_D=C3=BCren?=')).toBe('Grüße aus Düren');
    expect(decodeEncodedWords('=?utf-8?q?Gr=c3=bc=c3=9fe?=')).toBe('Grüße');
  });

  it('decodes what nodemailer encodes, in both encodings', () => {
    for (const encoding of ['B', 'Q'] as const) {
      const encoded = mimeFuncs.encodeWords('Grüße aus Düren', encoding);
      expect(encoded).toMatch(/=\?UTF-8\?[BQ]\?/);
      expect(decodeEncodedWords(encoded)).toBe('Grüße aus Düren');
    }
  });

  it('leaves plain text and the space around an encoded word alone', () => {
    expect(decodeEncodedWords('Termin am Montag')).toBe('Termin am Montag');
    expect(decodeEncodedWords('Termin =?UTF-8?Q?f=C3=BCr?= Anna')).toBe('Termin für Anna');
  });

  it('joins adjacent encoded words separated by whitespace without the space', () => {
    expect(decodeEncodedWords('=?UTF-8?Q?Gr=C3=BC?= =?UTF-8?Q?=C3=9Fe?=')).toBe('Grüße');
    expect(decodeEncodedWords('=?UTF-8?B?R3LDvA==?=\r\n =?UTF-8?B?w59l?=')).toBe('Grüße');
    // A space that belongs to the text is encoded inside a word and survives.
    expect(decodeEncodedWords('=?UTF-8?Q?Gr=C3=BC=C3=9Fe_?= =?UTF-8?Q?aus_D=C3=BCren?=')).toBe('Grüße aus Düren');
  });

  it('decodes an ISO-8859-1 word by its charset', () => {
    expect(decodeEncodedWords('=?ISO-8859-1?Q?D=FCren?=')).toBe('Düren');
  });

  it('keeps the space before plain text that merely starts with "=?" after an encoded word', () => {
    // RFC 2047 §6.2 drops only whitespace between two encoded words; "=?x" is not one.
    const encoded = mimeFuncs.encodeWords('Grüße =?x', 'Q');
    expect(encoded).toBe('=?UTF-8?Q?Gr=C3=BC=C3=9Fe?= =?x');
    expect(decodeEncodedWords(encoded)).toBe('Grüße =?x');
  });

  // Characters that make encoded-word syntax, whitespace and umlauts likely, mixed with arbitrary graphemes.
  const headerText = fc.string({
    unit: fc.oneof(
      { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), weight: 3 },
      { arbitrary: fc.constantFrom('ü', 'ß', 'Ä', '€', '😀', ' ', ' ', '\t', '_', '=', '?', '"', 'Q', 'B'), weight: 2 },
    ),
    maxLength: 80,
  });
  // nodemailer passes a valid encoded word through untouched (so callers may pre-encode); decoding then changes it.
  const looksEncoded = /=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=/;

  it('property: decoding what nodemailer encodes gives the text back (B and Q, with and without splitting)', () => {
    fc.assert(
      fc.property(headerText, fc.constantFrom('B' as const, 'Q' as const), fc.constantFrom(0, 24, 52, 75), (text, encoding, maxLength) => {
        fc.pre(!looksEncoded.test(text));
        expect(decodeEncodedWords(mimeFuncs.encodeWords(text, encoding, maxLength))).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('property: pure unicode graphemes round-trip', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.constantFrom('B' as const, 'Q' as const), (text, encoding) => {
        fc.pre(!looksEncoded.test(text));
        expect(decodeEncodedWords(mimeFuncs.encodeWords(text, encoding, 52))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});
