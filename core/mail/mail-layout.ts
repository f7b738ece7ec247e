/**
 * The one layout of every mail KIM Flow writes — case notifications and meeting mails: a heading, blocks and a
 * footer become the plain-text part and an accessible HTML part (inline styles, since mail clients drop style
 * sheets). Templates only say what goes in; escaping, link checks and the subject guard happen here, once.
 */
import { escapeHtml } from '../html/escape-html.ts';
import { assertSafeSubject } from './mail-message.ts';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface Field {
  label: string;
  value: string;
}

export interface MailLink {
  label: string;
  url: string;
}

export type MailBlock =
  | { kind: 'paragraph'; text: string }
  /** Set off and introduced with "Wichtig:". */
  | { kind: 'notice'; text: string }
  /** A web or mailto link on its own line. */
  | ({ kind: 'link' } & MailLink)
  /**
   * Label–value rows; multi-line values (an address) stay together. `valueDir: 'auto'` lets each value take the
   * direction of its script (an Arabic place name right to left).
   */
  | { kind: 'fields'; caption: string; rows: readonly Field[]; valueDir?: 'auto' }
  /** A titled list; `empty` says what stands there when it has no items. */
  | { kind: 'list'; caption: string; ordered: boolean; items: readonly string[]; empty: string }
  /** The mail's main actions as large buttons: web links only, no mailto. */
  | { kind: 'buttons'; intro: string; links: readonly MailLink[] };

export interface MailLayout {
  /** Fixed text, case numbers, body names and dates only: subjects are no place for personal data. */
  subject: string;
  heading: string;
  blocks: readonly MailBlock[];
  /** Who sent it and why, under the signature delimiter. */
  footer: string;
}

export const GREETING: MailBlock = { kind: 'paragraph', text: 'Guten Tag,' };

const WEB = ['https:', 'http:'];
const WEB_OR_MAIL = [...WEB, 'mailto:'];

/** Only web (and, for plain links, mail) links: a `javascript:` URL in a mail would be a script one click away. */
function checkedUrl(url: string, protocols: readonly string[]): string {
  const parsed = URL.parse(url);
  if (parsed === null || !protocols.includes(parsed.protocol)) {
    throw new Error(`not an http(s)${protocols.includes('mailto:') ? ' or mailto' : ''} link: ${JSON.stringify(url)}`);
  }
  return parsed.href;
}

/** The same blocks with every URL checked and normalised, so text and HTML show the very same address. */
function checkedLinks(block: MailBlock): MailBlock {
  switch (block.kind) {
    case 'link':
      return { ...block, url: checkedUrl(block.url, WEB_OR_MAIL) };
    case 'buttons':
      return { ...block, links: block.links.map((link) => ({ ...link, url: checkedUrl(link.url, WEB) })) };
    default:
      return block;
  }
}

const LINE_BREAK = /\r\n|\r|\n/g;
const linkText = (link: MailLink): string => `${link.label}:\n${link.url}`;

function textBlock(block: MailBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return block.text;
    case 'notice':
      return `Wichtig: ${block.text}`;
    case 'link':
      return linkText(block);
    case 'fields':
      // Continuation lines of multi-line values are indented so they stay with their label.
      return [`${block.caption}:`, ...block.rows.map((row) => `- ${row.label}: ${row.value.replace(LINE_BREAK, '\n    ')}`)].join('\n');
    case 'list':
      if (block.items.length === 0) return `${block.caption}: ${block.empty}`;
      return [`${block.caption}:`, ...block.items.map((item, index) => `${block.ordered ? `${index + 1}.` : '-'} ${item}`)].join('\n');
    case 'buttons':
      return [block.intro, ...block.links.map(linkText)].join('\n');
  }
}

function renderText(layout: MailLayout, blocks: readonly MailBlock[]): string {
  // "-- " (with the space) is the signature delimiter mail clients recognise.
  return `${[layout.heading, ...blocks.map(textBlock)].join('\n\n')}\n\n-- \n${layout.footer}\n`;
}

const STYLE = {
  body: 'margin:0;padding:0;background:#ffffff;color:#1a1a1a;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5',
  main: 'max-width:40em;margin:0 auto;padding:16px',
  h1: 'font-size:1.25em;line-height:1.3;margin:0 0 16px',
  h2: 'font-size:1em;margin:0 0 4px',
  p: 'margin:0 0 16px',
  notice: 'margin:0 0 16px;padding:8px 12px;border-left:4px solid #a4001d;background:#fdf2f4',
  link: 'color:#0b4f9c;text-decoration:underline',
  list: 'margin:0 0 16px;padding-left:1.5em',
  table: 'border-collapse:collapse;margin:0 0 16px',
  caption: 'text-align:left;font-weight:bold;padding:0 0 4px',
  th: 'text-align:left;vertical-align:top;padding:4px 16px 4px 0;font-weight:bold',
  td: 'vertical-align:top;padding:4px 0',
  // Large, well-separated targets: buttons are the main action of the mail.
  button: 'display:inline-block;margin:0 12px 8px 0;padding:10px 20px;border:2px solid #0b4f9c;border-radius:4px;color:#0b4f9c;font-weight:bold;text-decoration:underline',
  footer: 'margin:24px 0 0;padding:8px 0 0;border-top:1px solid #cccccc;color:#4d4d4d;font-size:0.875em',
} as const;

const multiline = (value: string): string => escapeHtml(value).replace(LINE_BREAK, '<br>');
const anchor = (link: MailLink, style: string): string => `<a href="${escapeHtml(link.url)}" style="${style}">${escapeHtml(link.label)}</a>`;

function htmlBlock(block: MailBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p style="${STYLE.p}">${escapeHtml(block.text)}</p>`;
    case 'notice':
      return `<p style="${STYLE.notice}"><strong>Wichtig:</strong> ${escapeHtml(block.text)}</p>`;
    case 'link':
      return `<p style="${STYLE.p}">${anchor(block, STYLE.link)}</p>`;
    case 'fields': {
      const dir = block.valueDir === undefined ? '' : ` dir="${block.valueDir}"`;
      // A real data table with row headers, so screen readers announce each value with its label.
      const rows = block.rows.map((row) => `<tr><th scope="row" style="${STYLE.th}">${escapeHtml(row.label)}</th><td style="${STYLE.td}"${dir}>${multiline(row.value)}</td></tr>`);
      return `<table style="${STYLE.table}"><caption style="${STYLE.caption}">${escapeHtml(block.caption)}</caption><tbody>${rows.join('')}</tbody></table>`;
    }
    case 'list': {
      const caption = `<h2 style="${STYLE.h2}">${escapeHtml(block.caption)}</h2>`;
      if (block.items.length === 0) return `${caption}<p style="${STYLE.p}">${escapeHtml(block.empty)}</p>`;
      const tag = block.ordered ? 'ol' : 'ul';
      // dir="auto": an Arabic title or name is laid out right to left within the German page.
      const items = block.items.map((item) => `<li dir="auto">${escapeHtml(item)}</li>`);
      return `${caption}<${tag} style="${STYLE.list}">${items.join('')}</${tag}>`;
    }
    case 'buttons':
      return `<p style="${STYLE.p}">${escapeHtml(block.intro)}</p><p style="${STYLE.p}">${block.links.map((link) => anchor(link, STYLE.button)).join('')}</p>`;
  }
}

function renderHtml(layout: MailLayout, blocks: readonly MailBlock[]): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="de">',
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(layout.subject)}</title></head>`,
    `<body style="${STYLE.body}">`,
    `<main style="${STYLE.main}">`,
    `<h1 style="${STYLE.h1}">${escapeHtml(layout.heading)}</h1>`,
    ...blocks.map(htmlBlock),
    `<p style="${STYLE.footer}">${escapeHtml(layout.footer)}</p>`,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The mail's subject, text and HTML; throws for an unsafe subject or a link that is not allowed. */
export function renderMail(layout: MailLayout): MailContent {
  const blocks = layout.blocks.map(checkedLinks);
  assertSafeSubject(layout.subject);
  return { subject: layout.subject, text: renderText(layout, blocks), html: renderHtml(layout, blocks) };
}
