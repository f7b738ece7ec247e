/**
 * The printable minutes: one released edition as a standalone HTML document (attached to the minutes mail, kept
 * by the recipients, printed on A4) and as plain text. Pure. The document is built from one outline — facts,
 * attendance, one part per agenda item — rendered twice, so the HTML and the text always say the same.
 *
 * Everything typed by people (names, titles, discussions, decisions) is cleaned and HTML-escaped; e-mail addresses
 * do not appear, since the document travels to everyone invited.
 */
import { formatGerman } from '../calendar/german-format.ts';
import { localDate } from '../calendar/local-date.ts';
import { escapeHtml } from '../html/escape-html.ts';
import { cleanText, oneLine } from './calendar-entry.ts';
import { bodyName, timeRange } from './meeting-mails.ts';
import { OPEN_ACTIONS_ITEM, type ActionItem, type Attendee, type MinutesEdition, type MinutesItem, type TrackedAction } from './minutes.ts';

export interface MinutesContext {
  readonly bodyName: string;
  readonly location: string;
  /** The meeting's end (ISO). */
  readonly end: string;
  /** The district's zone: dates and times are its wall clock. */
  readonly timeZone: string;
  readonly districtName: string;
  /** Open action items from the body's earlier meetings, listed under OPEN_ACTIONS_ITEM. */
  readonly openActions?: readonly TrackedAction[];
}

export interface MinutesDocument {
  readonly html: string;
  readonly text: string;
  /** ASCII only, e.g. `Protokoll-jour-fixe-2027-01-12.html`: every mail program and file system takes it. */
  readonly fileName: string;
}

// --- the outline -------------------------------------------------------------------------------------------

export interface MinutesTable {
  readonly caption: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export interface MinutesPart {
  readonly heading: string;
  /** Multi-line text as typed (cleaned); empty when nothing was noted. */
  readonly discussion: string;
  readonly decisions: readonly string[];
  readonly tables: readonly MinutesTable[];
}

/** What the document shows, in order: rendered here as HTML and text, and on the minutes page (web/minutes-print.ts). */
export interface MinutesOutline {
  readonly title: string;
  readonly district: string;
  readonly facts: readonly (readonly [label: string, value: string])[];
  /** "Anwesend" and "Abwesend", each with its members and (if the meeting had any) guests. */
  readonly attendance: readonly { readonly heading: string; readonly rows: readonly (readonly [label: string, value: string])[] }[];
  readonly parts: readonly MinutesPart[];
}

/** A calendar day (YYYY-MM-DD) in German; formatted as UTC, so no zone shifts the day. */
export const germanDay = (day: string, format: 'date' | 'weekdayDate' = 'date'): string => formatGerman(new Date(`${day}T12:00:00Z`), format, 'UTC');

const ownerName = (action: ActionItem): string => `${oneLine(action.owner.name)}${action.owner.kind === 'guest' ? ' (Gast)' : ''}`;

function namesOf(attendees: readonly Attendee[], kind: Attendee['kind']): string {
  const names = attendees.filter((attendee) => attendee.kind === kind).map((attendee) => oneLine(attendee.name));
  return names.length === 0 ? 'niemand' : names.join(', ');
}

function attendance(edition: MinutesEdition): MinutesOutline['attendance'] {
  const withGuests = edition.attendance.some((attendee) => attendee.kind === 'guest');
  return [true, false].map((present) => {
    const group = edition.attendance.filter((attendee) => attendee.present === present);
    return {
      heading: present ? 'Anwesend' : 'Abwesend',
      rows: [['Mitglieder', namesOf(group, 'member')] as const, ...(withGuests ? [['Gäste', namesOf(group, 'guest')] as const] : [])],
    };
  });
}

function editionLine(edition: MinutesEdition, timeZone: string): string {
  const released = formatGerman(new Date(edition.releasedAt), 'date', timeZone);
  if (edition.edition <= 1) return `Fassung 1 vom ${released}`;
  const note = oneLine(edition.correctionNote ?? '');
  return `Fassung ${String(edition.edition)} (Berichtigung vom ${released})${note === '' ? '' : `: ${note}`}`;
}

const actionTable = (actions: readonly ActionItem[]): MinutesTable => ({
  caption: 'Aufgaben',
  columns: ['Was', 'Wer', 'Bis'],
  rows: actions.map((action) => [oneLine(action.what), ownerName(action), germanDay(action.due)]),
});

function openActionTable(actions: readonly TrackedAction[], timeZone: string): MinutesTable {
  return {
    caption: 'Offene Aufgaben aus früheren Sitzungen',
    columns: ['Was', 'Wer', 'Bis', 'Aus der Sitzung vom'],
    rows: actions.map((action) => [oneLine(action.what), ownerName(action), germanDay(action.due), formatGerman(new Date(action.meetingStart), 'date', timeZone)]),
  };
}

function part(item: MinutesItem, index: number, context: MinutesContext): MinutesPart {
  const open = item.itemId === OPEN_ACTIONS_ITEM && (context.openActions ?? []).length > 0 ? [openActionTable(context.openActions ?? [], context.timeZone)] : [];
  return {
    heading: `TOP ${String(index + 1)}: ${oneLine(item.title)}`,
    discussion: cleanText(item.discussion).trim(),
    decisions: item.decisions.map((decision) => cleanText(decision.text).trim()),
    tables: [...open, ...(item.actionItems.length === 0 ? [] : [actionTable(item.actionItems)])],
  };
}

export function minutesOutline(edition: MinutesEdition, context: MinutesContext): MinutesOutline {
  const start = new Date(edition.meetingStart);
  const name = bodyName(context);
  const location = oneLine(context.location);
  return {
    title: `Protokoll: ${name}`,
    district: oneLine(context.districtName),
    facts: [
      ['Gremium', name],
      ['Datum', formatGerman(start, 'weekdayDate', context.timeZone)],
      ['Uhrzeit', timeRange({ start, end: new Date(context.end), timeZone: context.timeZone })],
      ['Ort', location === '' ? '–' : location],
      ['Fassung', editionLine(edition, context.timeZone)],
    ],
    attendance: attendance(edition),
    parts: edition.items.map((item, index) => part(item, index, context)),
  };
}

// --- text --------------------------------------------------------------------------------------------------

const indented = (text: string): string => text.replace(/\n/g, '\n  ');

function textTable(table: MinutesTable): string {
  if (table.rows.length === 0) return '';
  // "- Was · Wer: … · Bis: …": the first column is the row's subject, the others are labelled.
  const rows = table.rows.map((row) => `- ${row.map((cell, i) => (i === 0 ? indented(cell) : `${table.columns[i] ?? ''}: ${cell}`)).join(' · ')}`);
  return [`${table.caption}:`, ...rows].join('\n');
}

function textPart(p: MinutesPart): string {
  const lines = [p.heading];
  if (p.discussion !== '') lines.push(`Verlauf: ${indented(p.discussion)}`);
  lines.push(...p.decisions.map((decision) => `Beschluss: ${indented(decision)}`));
  lines.push(...p.tables.map(textTable).filter((table) => table !== ''));
  if (lines.length === 1) lines.push('Keine Einträge.');
  return lines.join('\n');
}

function renderText(o: MinutesOutline): string {
  return [
    [o.district, o.title].filter((line) => line !== '').join('\n'),
    o.facts.map(([label, value]) => `${label}: ${value}`).join('\n'),
    ...o.attendance.map((group) => [`${group.heading}:`, ...group.rows.map(([label, value]) => `- ${label}: ${value}`)].join('\n')),
    ...o.parts.map(textPart),
  ].join('\n\n') + '\n';
}

// --- HTML --------------------------------------------------------------------------------------------------

const STYLE = `
body{font-family:Arial,Helvetica,sans-serif;font-size:11pt;line-height:1.45;color:#1a1a1a;max-width:48em;margin:2em auto;padding:0 1em}
h1{font-size:1.5em;margin:0 0 .75em}h2{font-size:1.15em;margin:1.5em 0 .5em;break-after:avoid}
.kopfzeile{color:#4d4d4d;margin:0 0 .25em}
table{border-collapse:collapse;width:100%;margin:0 0 1em}caption{text-align:left;font-weight:bold;padding:0 0 .25em}
th,td{text-align:left;vertical-align:top;padding:.3em .6em .3em 0;border-bottom:1px solid #cccccc}
.fakten th{width:8em;border:0}.fakten td{border:0}
ul.beschluesse{padding-left:1.25em}
section{break-inside:avoid-page}tr{break-inside:avoid}
@page{size:A4;margin:20mm 18mm}
@media print{body{margin:0;max-width:none;padding:0;font-size:10.5pt}a{color:inherit;text-decoration:none}}
`.trim();

const multiline = (text: string): string =>
  text
    .split(/\n{2,}/)
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p dir="auto">${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');

function rowsTable(rows: readonly (readonly [string, string])[], caption: string, className: string): string {
  const body = rows.map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td dir="auto">${escapeHtml(value)}</td></tr>`).join('');
  return `<table class="${className}"><caption>${escapeHtml(caption)}</caption><tbody>${body}</tbody></table>`;
}

function htmlTable(table: MinutesTable): string {
  if (table.rows.length === 0) return '';
  const head = table.columns.map((column) => `<th scope="col">${escapeHtml(column)}</th>`).join('');
  const rows = table.rows.map((row) => `<tr>${row.map((cell) => `<td dir="auto">${escapeHtml(cell).replace(/\n/g, '<br>')}</td>`).join('')}</tr>`);
  return `<table><caption>${escapeHtml(table.caption)}</caption><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function htmlPart(p: MinutesPart): string {
  const content = [
    multiline(p.discussion),
    p.decisions.length === 0 ? '' : `<ul class="beschluesse">${p.decisions.map((decision) => `<li dir="auto"><strong>Beschluss:</strong> ${escapeHtml(decision).replace(/\n/g, '<br>')}</li>`).join('')}</ul>`,
    ...p.tables.map(htmlTable),
  ].join('');
  return `<section><h2 dir="auto">${escapeHtml(p.heading)}</h2>${content === '' ? '<p>Keine Einträge.</p>' : content}</section>`;
}

function renderHtml(o: MinutesOutline, documentTitle: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="de">',
    // No scripts, no loads: the file is opened from a mail, wherever the recipient saved it.
    `<head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(documentTitle)}</title><style>${STYLE}</style></head>`,
    '<body><main>',
    o.district === '' ? '' : `<p class="kopfzeile">${escapeHtml(o.district)}</p>`,
    `<h1 dir="auto">${escapeHtml(o.title)}</h1>`,
    rowsTable(o.facts, 'Sitzung', 'fakten'),
    ...o.attendance.map((group) => rowsTable(group.rows, group.heading, 'fakten')),
    ...o.parts.map(htmlPart),
    '</main></body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

// --- the document ------------------------------------------------------------------------------------------

const TRANSLITERATION: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue' };

/** "Jour fixe Case-Management" → "jour-fixe-case-management"; "sitzung" when nothing Latin is left. */
function slug(name: string): string {
  const ascii = name
    .replace(/[äöüßÄÖÜ]/g, (letter) => TRANSLITERATION[letter] ?? letter)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return ascii === '' ? 'sitzung' : ascii;
}

export function minutesDocument(edition: MinutesEdition, context: MinutesContext): MinutesDocument {
  const o = minutesOutline(edition, context);
  const day = localDate(new Date(edition.meetingStart), context.timeZone);
  const date = germanDay(day);
  const suffix = edition.edition > 1 ? `-fassung-${String(edition.edition)}` : '';
  return {
    html: renderHtml(o, `${o.title} am ${date}`),
    text: renderText(o),
    fileName: `Protokoll-${slug(bodyName(context))}-${day}${suffix}.html`,
  };
}
