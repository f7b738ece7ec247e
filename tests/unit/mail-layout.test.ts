import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GREETING, renderMail } from '../../core/mail/mail-layout.ts';
import type { MailBlock, MailLayout } from '../../core/mail/mail-layout.ts';

const FOOTER = 'Diese Nachricht wurde automatisch versandt.';
const layout = (blocks: readonly MailBlock[], overrides: Partial<MailLayout> = {}): MailLayout => ({ subject: 'Betreff', heading: 'Überschrift', blocks, footer: FOOTER, ...overrides });
/** The HTML between the heading and the footer. */
const htmlBody = (html: string): string => html.slice(html.indexOf('</h1>\n') + 6, html.lastIndexOf('\n<p style="margin:24px'));

const EVERY_BLOCK: readonly MailBlock[] = [
  GREETING,
  { kind: 'notice', text: 'Bitte vorrangig.' },
  { kind: 'link', label: 'Fall öffnen', url: 'https://kim.example/faelle/1' },
  { kind: 'fields', caption: 'Fall', rows: [{ label: 'Adresse', value: 'Markt 1\n52349 Düren' }, { label: 'Kommune', value: 'Kreuzau' }] },
  { kind: 'list', caption: 'Tagesordnung', ordered: true, items: ['Eins', 'Zwei'], empty: 'folgt.' },
  { kind: 'list', caption: 'Gäste', ordered: false, items: ['Petra Klein'], empty: '' },
  { kind: 'list', caption: 'Themen', ordered: true, items: [], empty: 'folgen.' },
  { kind: 'buttons', intro: 'Nehmen Sie teil?', links: [{ label: 'Zusagen', url: 'https://kim.example/ja' }, { label: 'Absagen', url: 'https://kim.example/nein' }] },
];

describe('renderMail: the text part', () => {
  it('puts heading, blocks and footer in order, with the signature delimiter before the footer', () => {
    expect(renderMail(layout(EVERY_BLOCK)).text).toBe(
      [
        'Überschrift',
        'Guten Tag,',
        'Wichtig: Bitte vorrangig.',
        'Fall öffnen:\nhttps://kim.example/faelle/1',
        'Fall:\n- Adresse: Markt 1\n    52349 Düren\n- Kommune: Kreuzau',
        'Tagesordnung:\n1. Eins\n2. Zwei',
        'Gäste:\n- Petra Klein',
        'Themen: folgen.',
        'Nehmen Sie teil?\nZusagen:\nhttps://kim.example/ja\nAbsagen:\nhttps://kim.example/nein',
      ].join('\n\n') + `\n\n-- \n${FOOTER}\n`,
    );
  });

  it('keeps every kind of line break of a field value with its label', () => {
    const { text } = renderMail(layout([{ kind: 'fields', caption: 'F', rows: [{ label: 'A', value: 'x\r\ny\rz' }] }]));
    expect(text).toContain('F:\n- A: x\n    y\n    z\n');
  });
});

describe('renderMail: the HTML part', () => {
  it('is a German document titled with the subject, the heading as h1 and the footer last', () => {
    const { html } = renderMail(layout([GREETING], { subject: 'Neuer Fall' }));
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="de">\n')).toBe(true);
    expect(html).toContain('<title>Neuer Fall</title>');
    expect(html).toContain('>Überschrift</h1>\n');
    expect(html.endsWith(`>${FOOTER}</p>\n</main>\n</body>\n</html>\n`)).toBe(true);
  });

  it('renders each block as accessible HTML', () => {
    const body = htmlBody(renderMail(layout(EVERY_BLOCK)).html).split('\n');
    expect(body).toHaveLength(EVERY_BLOCK.length);
    expect(body[0]).toMatch(/^<p style="[^"]+">Guten Tag,<\/p>$/);
    expect(body[1]).toMatch(/^<p style="[^"]+"><strong>Wichtig:<\/strong> Bitte vorrangig\.<\/p>$/);
    expect(body[2]).toMatch(/^<p style="[^"]+"><a href="https:\/\/kim\.example\/faelle\/1" style="[^"]+">Fall öffnen<\/a><\/p>$/);
    // Row headers, so a screen reader announces each value with its label; a multi-line value keeps its lines.
    expect(body[3]).toContain('<caption style="text-align:left;font-weight:bold;padding:0 0 4px">Fall</caption>');
    expect(body[3]).toMatch(/<th scope="row" style="[^"]+">Adresse<\/th><td style="[^"]+">Markt 1<br>52349 Düren<\/td>/);
    expect(body[4]).toMatch(/^<h2 style="[^"]+">Tagesordnung<\/h2><ol style="[^"]+"><li dir="auto">Eins<\/li><li dir="auto">Zwei<\/li><\/ol>$/);
    expect(body[5]).toMatch(/<ul style="[^"]+"><li dir="auto">Petra Klein<\/li><\/ul>$/);
    expect(body[6]).toMatch(/^<h2 style="[^"]+">Themen<\/h2><p style="[^"]+">folgen\.<\/p>$/);
    expect(body[7]).toMatch(/^<p style="[^"]+">Nehmen Sie teil\?<\/p><p style="[^"]+"><a href="https:\/\/kim\.example\/ja" style="display:inline-block[^"]+">Zusagen<\/a><a [^>]+>Absagen<\/a><\/p>$/);
  });

  it('sets dir="auto" on field values only when the block asks for it', () => {
    const rows = [{ label: 'Ort', value: 'دورن' }];
    expect(renderMail(layout([{ kind: 'fields', caption: 'Termin', rows, valueDir: 'auto' }])).html).toMatch(/<td style="[^"]+" dir="auto">دورن<\/td>/);
    expect(renderMail(layout([{ kind: 'fields', caption: 'Termin', rows }])).html).not.toContain('dir="auto"');
  });

  it('escapes every piece of text, URLs included', () => {
    const evil = '<script>alert("x")</script> & \'y\'';
    const escaped = '&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;y&#39;';
    const { html, text } = renderMail(
      layout(
        [
          { kind: 'paragraph', text: evil },
          { kind: 'notice', text: evil },
          { kind: 'link', label: evil, url: 'https://kim.example/?a=1&b=2' },
          { kind: 'fields', caption: evil, rows: [{ label: evil, value: evil }] },
          { kind: 'list', caption: evil, ordered: false, items: [evil], empty: evil },
          { kind: 'buttons', intro: evil, links: [{ label: evil, url: 'https://kim.example/' }] },
        ],
        { heading: evil, footer: evil },
      ),
    );
    expect(html).not.toContain('<script>');
    // Twelve places: heading, footer and ten pieces of block text (the list's `empty` is not shown, it has an item).
    expect(html.split(escaped)).toHaveLength(13);
    expect(html).toContain('href="https://kim.example/?a=1&#38;b=2"');
    expect(text).toContain(evil);
  });

  it('property: free text adds no markup of its own', () => {
    const markup = (html: string): number => html.split('<').length;
    const empty = markup(renderMail(layout([{ kind: 'paragraph', text: '' }, { kind: 'list', caption: '', ordered: true, items: [''], empty: '' }])).html);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (text, item) => {
        const { html } = renderMail(layout([{ kind: 'paragraph', text }, { kind: 'list', caption: item, ordered: true, items: [item], empty: '' }]));
        expect(markup(html)).toBe(empty);
      }),
    );
  });
});

describe('renderMail: links', () => {
  it('takes web and mailto links, and normalises them the same in text and HTML', () => {
    const { text, html } = renderMail(layout([{ kind: 'link', label: 'Schreiben', url: 'mailto:jana@traeger.example' }, { kind: 'link', label: 'Fall', url: 'HTTPS://KIM.Example/faelle' }]));
    expect(text).toContain('Schreiben:\nmailto:jana@traeger.example');
    expect(text).toContain('Fall:\nhttps://kim.example/faelle');
    expect(html).toContain('href="https://kim.example/faelle"');
  });

  it.each(['javascript:alert(1)', '/faelle/relativ', 'data:text/html,x', 'ftp://kim.example/'])('refuses the link %s', (url) => {
    expect(() => renderMail(layout([{ kind: 'link', label: 'x', url }]))).toThrow(/not an http\(s\) or mailto link/);
    expect(() => renderMail(layout([{ kind: 'buttons', intro: 'x', links: [{ label: 'x', url }] }]))).toThrow(/not an http\(s\) link/);
  });

  it('makes buttons of web links only: a mailto button would be no web action', () => {
    expect(() => renderMail(layout([{ kind: 'buttons', intro: 'x', links: [{ label: 'x', url: 'mailto:a@b.example' }] }]))).toThrow(/http/);
  });
});

describe('renderMail: the subject', () => {
  it('returns the subject it was given', () => {
    expect(renderMail(layout([GREETING], { subject: 'Erinnerung: Fall KIM-2026-7QK3M2XD' })).subject).toBe('Erinnerung: Fall KIM-2026-7QK3M2XD');
  });

  it.each(['', '   ', 'Betreff\r\nBcc: spy@evil.example', 'x'.repeat(201)])('refuses the unsafe subject %j', (subject) => {
    expect(() => renderMail(layout([GREETING], { subject }))).toThrow(/mail subject/);
  });
});
