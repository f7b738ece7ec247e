/** The RFC 4180 writer (core/reports/csv.ts): quoting, CRLF, BOM, formula injection neutralised. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvField, neutraliseFormula, toCsv, type CsvSeparator } from '../../core/reports/csv.ts';

/** A reader written from RFC 4180 for the round trip, independent of the writer. */
function parseCsv(text: string, separator: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 1;
    } else field += c;
  }
  expect(field, 'the text ends with CRLF').toBe('');
  return records;
}

describe('toCsv', () => {
  it('ends every record with CRLF, the last one too, and starts with a BOM', () => {
    const text = toCsv([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(text).toBe(`${CSV_BOM}a,b\r\n1,2\r\n`);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it('leaves the BOM out when asked', () => {
    expect(toCsv([['a']], { bom: false })).toBe('a\r\n');
  });

  it('quotes fields with the separator, quotes, CR or LF, and doubles quotes', () => {
    expect(csvField('Düren, Stadt')).toBe('"Düren, Stadt"');
    expect(csvField('Düren; Stadt', ';')).toBe('"Düren; Stadt"');
    expect(csvField('Düren, Stadt', ';')).toBe('Düren, Stadt');
    expect(csvField('Arbeitskreis „Migration“ "AK"')).toBe('"Arbeitskreis „Migration“ ""AK"""');
    expect(csvField('zwei\nZeilen')).toBe('"zwei\nZeilen"');
    expect(csvField('zwei\r\nZeilen')).toBe('"zwei\r\nZeilen"');
    expect(csvField('a\tb', '\t')).toBe('"a\tb"');
    expect(csvField('ohne Besonderes')).toBe('ohne Besonderes');
  });

  it('writes null and undefined as empty fields and numbers as they are', () => {
    expect(toCsv([[null, undefined, 0, 12, 2.5]], { bom: false })).toBe(',,0,12,2.5\r\n');
    expect(() => csvField(Number.NaN)).toThrow(RangeError);
  });

  it.each([
    ['=HYPERLINK("http://example.com")', `"'=HYPERLINK(""http://example.com"")"`],
    ['+49 2421 220', "'+49 2421 220"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
  ])('neutralises a cell beginning with a formula character: %j', (value, written) => {
    expect(csvField(value)).toBe(written);
    expect(csvField(value, ';')).toBe(written);
  });

  it('does not touch cells that only contain those characters later, or "<5"', () => {
    for (const value of ['a=b', 'Düren-Nord', '<5', 'x', '1+1', ' =1', '–', '12,5']) expect(neutraliseFormula(value)).toBe(value);
  });

  it('a formula cell that also needs quotes is neutralised inside the quotes', () => {
    expect(csvField('=1;2', ';')).toBe(`"'=1;2"`);
  });

  it('round-trips any text through an RFC 4180 reader (neutralised cells come back with the apostrophe)', () => {
    const separators: CsvSeparator[] = [',', ';', '\t'];
    fc.assert(
      fc.property(
        fc.constantFrom(...separators),
        fc.array(fc.array(fc.string({ unit: fc.constantFrom('a', 'ä', 'ş', 'ж', '"', ',', ';', '\t', '\r', '\n', '=', '+', '-', '@', ' ', 'ب') }), { minLength: 1, maxLength: 5 }), {
          minLength: 1,
          maxLength: 5,
        }),
        (separator, records) => {
          const text = toCsv(records, { separator });
          expect(text.startsWith(CSV_BOM)).toBe(true);
          const parsed = parseCsv(text.slice(1), separator);
          expect(parsed).toEqual(records.map((record) => record.map((value) => neutraliseFormula(value))));
          // Every parsed cell is safe to open in a spreadsheet.
          for (const cell of parsed.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
        },
      ),
    );
  });
});
