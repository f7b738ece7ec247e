/** Just enough of RFC 5322/2047 to read a raw message's envelope headers for the local outbox. */
import addressparser from 'nodemailer/lib/addressparser';

export interface RawHeaders {
  get(name: string): string | undefined;
}

export function parseHeaders(raw: Buffer): RawHeaders {
  const text = raw.toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  const block = end < 0 ? text : text.slice(0, end);
  // Unfold continuation lines (those starting with whitespace) before splitting.
  const lines = block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/);
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers.set(name, headers.has(name) ? `${headers.get(name) ?? ''}, ${value}` : value);
  }
  return { get: (name) => headers.get(name.toLowerCase()) };
}

export function addressesOf(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  return addressparser(value, { flatten: true }).map((a) => a.address).filter((a) => a !== '');
}

/** Decodes RFC 2047 encoded words (=?UTF-8?B?...?= and =?UTF-8?Q?...?=), as in a German subject line. */
export function decodeEncodedWords(value: string): string {
  // RFC 2047 §6.2: whitespace between two encoded words is dropped, before plain text it stays.
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?[^?]+\?[BbQq]\?[^?]*\?=)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset: string, encoding: string, data: string) => {
      const bytes =
        encoding.toUpperCase() === 'B'
          ? Buffer.from(data, 'base64')
          : Buffer.from(
              data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
              'latin1',
            );
      try {
        return new TextDecoder(charset).decode(bytes);
      } catch {
        return bytes.toString('utf8');
      }
    });
}
