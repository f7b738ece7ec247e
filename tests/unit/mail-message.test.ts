import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { assertSafeSubject } from '../../core/mail/mail-message.ts';
import { composeMime } from '../../core/mail/compose-mime.ts';
import type { OutgoingMail } from '../../core/mail/mail-message.ts';
import { caseAssigned } from '../../core/mail/notifications.ts';
import { decodeEncodedWords, parseHeaders } from '../../local/ses/raw-message.ts';

const FROM = 'Kommunales Integrationszentrum <ki@kreis-dueren.example>';

interface Part {
  contentType: string;
  body: string;
}

/** The leaf parts of a composed message, decoded; enough MIME to check what composeMime promises. */
function leafParts(raw: Buffer): Part[] {
  const pattern = /Content-Type: ([^\r\n]+)\r\n(?:Content-Disposition: [^\r\n]+\r\n)?Content-Transfer-Encoding: (quoted-printable|base64|7bit)\r\n\r\n([\s\S]*?)\r\n--/g;
  return [...raw.toString('latin1').matchAll(pattern)].map(([, contentType = '', encoding, body = '']) => {
    let bytes: Buffer;
    if (encoding === 'base64') bytes = Buffer.from(body, 'base64');
    else if (encoding === 'quoted-printable')
      bytes = Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
    else bytes = Buffer.from(body, 'latin1');
    return { contentType, body: bytes.toString('utf8').replace(/\r\n/g, '\n') };
  });
}

function partOf(parts: readonly Part[], type: string): Part {
  const part = parts.find((p) => p.contentType.startsWith(type));
  if (part === undefined) throw new Error(`no ${type} part in ${parts.map((p) => p.contentType).join(', ')}`);
  return part;
}

const german: OutgoingMail = {
  to: ['jana.schmitz@traeger-a.example', 'b@traeger-b.example'],
  subject: 'Einladung: Jour fixe – Grüße aus Düren',
  text: 'Schöne Grüße aus Düren – Straße, Ärger, Öl, Übung.\nZweite Zeile',
  html: '<p>Schöne Grüße aus Düren – Straße, Ärger, Öl, Übung.</p>',
};

describe('composeMime', () => {
  it('builds text and HTML alternatives with the headers of a notification', async () => {
    const raw = await composeMime({ ...caseAssigned({ caseNumber: 'KIM-2026-7QK3M2XD', caseUrl: 'https://kim.example/f/1', focusAreaName: 'Willkommensberatung', municipalityName: 'Titz', crisis: true }), to: ['a@b.example'], headers: { 'X-Kim-Case': 'KIM-2026-7QK3M2XD' } }, FROM);
    const headers = parseHeaders(raw);
    expect(headers.get('from')).toBe(FROM);
    expect(headers.get('to')).toBe('a@b.example');
    expect(decodeEncodedWords(headers.get('subject') ?? '')).toBe('Neuer Fall KIM-2026-7QK3M2XD zugewiesen – bitte vorrangig');
    expect(headers.get('mime-version')).toBe('1.0');
    expect(headers.get('content-type')).toMatch(/^multipart\/alternative;/);
    expect(headers.get('auto-submitted')).toBe('auto-generated');
    expect(headers.get('x-kim-case')).toBe('KIM-2026-7QK3M2XD');
    const parts = leafParts(raw);
    expect(parts.map((p) => p.contentType)).toEqual(['text/plain; charset=utf-8', 'text/html; charset=utf-8']);
    expect(partOf(parts, 'text/html').body).toContain('<html lang="de">');
  });

  it('keeps umlauts intact (quoted-printable)', async () => {
    const raw = await composeMime(german, FROM);
    expect(raw.toString('latin1')).toContain('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable');
    expect(raw.every((byte) => byte < 0x80)).toBe(true); // 8-bit text never travels unencoded
    const parts = leafParts(raw);
    expect(partOf(parts, 'text/plain').body).toBe(german.text);
    expect(partOf(parts, 'text/html').body).toBe(german.html);
  });

  it('keeps Arabic and Cyrillic intact (base64)', async () => {
    const text = 'مرحبا بكم في دورين. Добро пожаловать в Дюрен. مرحبا بكم';
    const raw = await composeMime({ ...german, text, html: `<p>${text}</p>` }, FROM);
    expect(raw.toString('latin1')).toMatch(/Content-Transfer-Encoding: base64/);
    expect(partOf(leafParts(raw), 'text/plain').body).toBe(text);
  });

  it('adds the calendar part as text/calendar with the method, plus the .ics attachment', async () => {
    const content = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nSUMMARY:Jour fixe im Kreishaus Düren\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    const raw = await composeMime({ ...german, icalEvent: { method: 'request', content } }, FROM);
    expect(parseHeaders(raw).get('content-type')).toMatch(/^multipart\/mixed;/);
    const parts = leafParts(raw);
    expect(parts.map((p) => p.contentType)).toEqual([
      'text/plain; charset=utf-8',
      'text/html; charset=utf-8',
      'text/calendar; charset=utf-8; method=REQUEST',
      'application/ics; name=invite.ics',
    ]);
    expect(partOf(parts, 'text/calendar').body).toBe(content.replace(/\r\n/g, '\n'));
    expect(partOf(parts, 'application/ics').body).toContain('SUMMARY:Jour fixe im Kreishaus Düren');
  });

  it('has no calendar part without an event', async () => {
    expect((await composeMime(german, FROM)).toString('latin1')).not.toContain('text/calendar');
  });

  it('attaches files as parts of their own, with name and type, next to the text and HTML alternatives', async () => {
    const document = '<!DOCTYPE html><html lang="de"><title>Protokoll</title><p>Beschluss: Öffnungszeiten</p></html>';
    const raw = await composeMime({ ...german, attachments: [{ filename: 'Protokoll-jour-fixe-2027-01-12.html', contentType: 'text/html', content: document }] }, FROM);
    expect(parseHeaders(raw).get('content-type')).toMatch(/^multipart\/mixed;/);
    expect(raw.toString('latin1')).not.toContain('text/calendar');
    const parsed = await simpleParser(raw);
    expect(parsed.text).toBe(german.text);
    expect(parsed.attachments.map((a) => [a.filename, a.contentType, a.contentDisposition, a.content.toString('utf8')])).toEqual([
      ['Protokoll-jour-fixe-2027-01-12.html', 'text/html', 'attachment', document],
    ]);
  });

  it('rejects attachment names and types that could break the headers', async () => {
    for (const filename of ['a"b.html', 'Protokoll\r\nBcc: x.html', '../x.html', 'Pröto.html', '']) {
      await expect(composeMime({ ...german, attachments: [{ filename, contentType: 'text/html', content: 'x' }] }, FROM), JSON.stringify(filename)).rejects.toThrow(/file name/);
    }
    await expect(composeMime({ ...german, attachments: [{ filename: 'a.html', contentType: 'text/html; charset=latin1', content: 'x' }] }, FROM)).rejects.toThrow(/content type/);
  });

  it('rejects header injection in the subject before anything is built', async () => {
    await expect(composeMime({ ...german, subject: 'Fall KIM-2026-7QK3M2XD\r\nBcc: spy@evil.example' }, FROM)).rejects.toThrow(/line breaks/);
    await expect(composeMime({ ...german, subject: 'Fall\nBcc: spy@evil.example' }, FROM)).rejects.toThrow(/line breaks/);
  });

  it('rejects line breaks in extra headers and addresses, and headers it sets itself', async () => {
    await expect(composeMime({ ...german, headers: { 'X-Kim-Case': 'a\r\nBcc: spy@evil.example' } }, FROM)).rejects.toThrow(/line breaks/);
    await expect(composeMime({ ...german, headers: { 'X-Kim\r\nBcc': 'x' } }, FROM)).rejects.toThrow(/header name/);
    await expect(composeMime({ ...german, headers: { bcc: 'spy@evil.example' } }, FROM)).rejects.toThrow(/header name/);
    await expect(composeMime({ ...german, headers: { 'Content-Type': 'text/plain' } }, FROM)).rejects.toThrow(/header name/);
    await expect(composeMime({ ...german, to: ['a@b.example\r\nBcc: spy@evil.example'] }, FROM)).rejects.toThrow(/line breaks/);
    await expect(composeMime(german, 'ki@kreis-dueren.example\nBcc: spy@evil.example')).rejects.toThrow(/line breaks/);
  });

  it('rejects an unknown calendar method and a mail without recipients', async () => {
    await expect(composeMime({ ...german, icalEvent: { method: 'REQUEST; charset=latin1', content: 'x' } }, FROM)).rejects.toThrow(/method/);
    await expect(composeMime({ ...german, to: [] }, FROM)).rejects.toThrow(/recipient/);
  });
});

describe('assertSafeSubject', () => {
  it('accepts a German one-liner up to 200 characters', () => {
    expect(() => {
      assertSafeSubject('Bedarfs-/Lückenmeldung: Psychosoziale Beratung in Jülich');
    }).not.toThrow();
    expect(() => {
      assertSafeSubject('ü'.repeat(200));
    }).not.toThrow();
  });

  it('rejects longer, empty and multi-line subjects', () => {
    expect(() => {
      assertSafeSubject('ü'.repeat(201));
    }).toThrow(/200/);
    expect(() => {
      assertSafeSubject('  ');
    }).toThrow(/empty/);
    for (const subject of ['a\rb', 'a\nb', 'a\r\nBcc: x@y.example', '\n']) {
      expect(() => {
        assertSafeSubject(subject);
      }, JSON.stringify(subject)).toThrow(/line breaks/);
    }
  });

  it('rejects every subject with a CR or LF anywhere (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.constantFrom('\r', '\n', '\r\n'), fc.string({ maxLength: 80 }), (before, lineBreak, after) => {
        expect(() => {
          assertSafeSubject(`${before}${lineBreak}${after}`);
        }).toThrow(/line breaks/);
      }),
    );
  });
});
