/**
 * A CSV writer after RFC 4180 for files people open in Excel or LibreOffice:
 *  - records end with CRLF (the last one too);
 *  - a field is quoted when it contains the separator, a double quote, CR or LF; quotes inside are doubled;
 *  - the text is prefixed with a byte order mark (U+FEFF) unless told otherwise, so Excel reads it as UTF-8
 *    (umlauts, names in any script) instead of the Windows code page;
 *  - formula injection is neutralised (OWASP "CSV injection"): a cell beginning with `=`, `+`, `-`, `@`, a tab
 *    or a carriage return would be run as a formula by a spreadsheet, so it gets a leading apostrophe, which
 *    spreadsheets take as "text, not a formula" and do not show. This applies to every cell, numbers included:
 *    a negative number would come out as text (`'-3`), so callers that need negative numbers must not use this
 *    writer for them. KIM Flow's reports contain no negative numbers.
 *
 * The separator is a parameter: RFC 4180 says comma; Excel with German regional settings expects a semicolon
 * (and a decimal comma), which is what the KPI report uses (core/reports/kpi-csv.ts).
 */

export type CsvSeparator = ',' | ';' | '\t';
export type CsvValue = string | number | null | undefined;

export interface CsvOptions {
  /** @default ',' (RFC 4180) */
  readonly separator?: CsvSeparator;
  /** Prefix the text with U+FEFF for Excel. @default true */
  readonly bom?: boolean;
}

export const CSV_BOM = '\uFEFF';
const CRLF = '\r\n';
const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell as a spreadsheet may show it without running it: `=1+2` → `'=1+2`. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One field, neutralised and quoted as needed; null and undefined are empty fields. */
export function csvField(value: CsvValue, separator: CsvSeparator = ','): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`CSV cells must be finite numbers, got ${String(value)}`);
  const text = neutraliseFormula(String(value));
  const needsQuotes = text.includes(separator) || text.includes('"') || text.includes('\r') || text.includes('\n');
  return needsQuotes ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The records (the header, if any, is the first) as CSV text. */
export function toCsv(records: readonly (readonly CsvValue[])[], options: CsvOptions = {}): string {
  const separator = options.separator ?? ',';
  const body = records.map((record) => record.map((value) => csvField(value, separator)).join(separator) + CRLF).join('');
  return (options.bom ?? true) ? CSV_BOM + body : body;
}
