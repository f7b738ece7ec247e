/**
 * The German meeting mails — invitation, update, cancellation, reminder — as `{ subject, text, html }`. Pure:
 * the caller picks recipients, builds the calendar part and the RSVP links; every wording is testable here.
 *
 * Subjects hold fixed text, the body's name and the date only (no recipient or guest names) and go through
 * `assertSafeSubject`. Guests appear with name and topic, never with their e-mail address. Every piece of
 * user-supplied text is reduced to one line (so a name cannot add lines to the text mail) and HTML-escaped.
 */
import { escapeHtml } from '../html/escape-html.ts';
import { assertSafeSubject } from '../mail/mail-message.ts';
import type { MailContent } from '../mail/notifications.ts';
import { oneLine } from './calendar-entry.ts';

export type MeetingChange = 'time' | 'location' | 'agenda' | 'guests';
export const MEETING_CHANGES: readonly MeetingChange[] = ['time', 'location', 'agenda', 'guests'];

/** Why a recipient's calendar entry is withdrawn: the meeting is off, or the recipient left the body. */
export type CancellationReason = 'meetingCancelled' | 'membershipEnded';

export interface MeetingDetails {
  readonly bodyName: string;
  readonly start: Date;
  readonly end: Date;
  readonly location: string;
  /** Agenda item titles in order. */
  readonly agenda: readonly string[];
  readonly guests: readonly { readonly name: string; readonly topic?: string }[];
  /** The district's zone (Europe/Berlin); dates and times in the mail are its wall clock. */
  readonly timeZone: string;
}

export interface RsvpLinks {
  readonly accept: string;
  readonly decline: string;
}

export type MeetingMailInput =
  | { readonly kind: 'invitation'; readonly meeting: MeetingDetails; readonly rsvp: RsvpLinks }
  | { readonly kind: 'update'; readonly meeting: MeetingDetails; readonly changes: readonly MeetingChange[]; readonly rsvp: RsvpLinks }
  | { readonly kind: 'cancellation'; readonly meeting: MeetingDetails; readonly reason?: CancellationReason }
  | { readonly kind: 'reminder'; readonly meeting: MeetingDetails; readonly workingDaysBefore: number };

export type MeetingMailKind = MeetingMailInput['kind'];

// --- dates -------------------------------------------------------------------------------------------------

interface LocalTime {
  /** "08.12.2026" */
  date: string;
  /** "Dienstag, 08.12.2026" */
  longDate: string;
  /** "10:00" */
  time: string;
}

const formats = new Map<string, { date: Intl.DateTimeFormat; weekday: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

function localTime(instant: Date, timeZone: string): LocalTime {
  if (Number.isNaN(instant.getTime())) throw new RangeError('cannot format an invalid date');
  let format = formats.get(timeZone);
  if (format === undefined) {
    format = {
      date: new Intl.DateTimeFormat('de-DE', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' }),
      weekday: new Intl.DateTimeFormat('de-DE', { timeZone, weekday: 'long' }),
      time: new Intl.DateTimeFormat('de-DE', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    };
    formats.set(timeZone, format);
  }
  const date = format.date.format(instant);
  return { date, longDate: `${format.weekday.format(instant)}, ${date}`, time: format.time.format(instant) };
}

function timeRange(meeting: MeetingDetails): string {
  const start = localTime(meeting.start, meeting.timeZone);
  const end = localTime(meeting.end, meeting.timeZone);
  if (start.date === end.date) return `${start.time}–${end.time} Uhr`;
  return `${start.time} Uhr bis ${end.longDate}, ${end.time} Uhr`;
}

// --- layout ------------------------------------------------------------------------------------------------

type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'notice'; text: string }
  | { kind: 'facts'; caption: string; rows: readonly { label: string; value: string }[] }
  | { kind: 'list'; caption: string; ordered: boolean; items: readonly string[]; empty: string }
  | { kind: 'links'; intro: string; links: readonly { label: string; url: string }[] };

const FOOTER = 'Diese Nachricht wurde automatisch von KIM Flow versandt, der Sitzungsplanung des Kommunalen Integrationsmanagements.';

/** Only web links: a `javascript:` URL in a mail would be a script one click away. */
function checkedUrl(url: string): string {
  const parsed = URL.parse(url);
  if (parsed === null || !['https:', 'http:'].includes(parsed.protocol)) throw new Error(`not an http(s) link: ${JSON.stringify(url)}`);
  return parsed.href;
}

function renderText(heading: string, blocks: readonly Block[]): string {
  const sections = blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
        return block.text;
      case 'notice':
        return `Wichtig: ${block.text}`;
      case 'facts':
        return [`${block.caption}:`, ...block.rows.map((row) => `- ${row.label}: ${row.value}`)].join('\n');
      case 'list':
        if (block.items.length === 0) return `${block.caption}: ${block.empty}`;
        return [`${block.caption}:`, ...block.items.map((item, index) => `${block.ordered ? `${index + 1}.` : '-'} ${item}`)].join('\n');
      case 'links':
        return [block.intro, ...block.links.map((l) => `${l.label}:\n${l.url}`)].join('\n');
    }
  });
  // "-- " (with the space) is the signature delimiter mail clients recognise.
  return `${[heading, ...sections].join('\n\n')}\n\n-- \n${FOOTER}\n`;
}

const STYLE = {
  body: 'margin:0;padding:0;background:#ffffff;color:#1a1a1a;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5',
  main: 'max-width:40em;margin:0 auto;padding:16px',
  h1: 'font-size:1.25em;line-height:1.3;margin:0 0 16px',
  h2: 'font-size:1em;margin:0 0 4px',
  p: 'margin:0 0 16px',
  notice: 'margin:0 0 16px;padding:8px 12px;border-left:4px solid #a4001d;background:#fdf2f4',
  list: 'margin:0 0 16px;padding-left:1.5em',
  table: 'border-collapse:collapse;margin:0 0 16px',
  caption: 'text-align:left;font-weight:bold;padding:0 0 4px',
  th: 'text-align:left;vertical-align:top;padding:4px 16px 4px 0;font-weight:bold',
  td: 'vertical-align:top;padding:4px 0',
  // Large, well-separated targets: these two links are the main action of the mail.
  button: 'display:inline-block;margin:0 12px 8px 0;padding:10px 20px;border:2px solid #0b4f9c;border-radius:4px;color:#0b4f9c;font-weight:bold;text-decoration:underline',
  footer: 'margin:24px 0 0;padding:8px 0 0;border-top:1px solid #cccccc;color:#4d4d4d;font-size:0.875em',
} as const;

function renderHtml(title: string, heading: string, blocks: readonly Block[]): string {
  const body = blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
        return `<p style="${STYLE.p}">${escapeHtml(block.text)}</p>`;
      case 'notice':
        return `<p style="${STYLE.notice}"><strong>Wichtig:</strong> ${escapeHtml(block.text)}</p>`;
      case 'facts': {
        // Row headers, so screen readers announce each value with its label.
        const rows = block.rows.map((row) => `<tr><th scope="row" style="${STYLE.th}">${escapeHtml(row.label)}</th><td style="${STYLE.td}" dir="auto">${escapeHtml(row.value)}</td></tr>`);
        return `<table style="${STYLE.table}"><caption style="${STYLE.caption}">${escapeHtml(block.caption)}</caption><tbody>${rows.join('')}</tbody></table>`;
      }
      case 'list': {
        if (block.items.length === 0) return `<h2 style="${STYLE.h2}">${escapeHtml(block.caption)}</h2><p style="${STYLE.p}">${escapeHtml(block.empty)}</p>`;
        const tag = block.ordered ? 'ol' : 'ul';
        // dir="auto": an Arabic title or name is laid out right to left within the German page.
        const items = block.items.map((item) => `<li dir="auto">${escapeHtml(item)}</li>`);
        return `<h2 style="${STYLE.h2}">${escapeHtml(block.caption)}</h2><${tag} style="${STYLE.list}">${items.join('')}</${tag}>`;
      }
      case 'links': {
        const links = block.links.map((l) => `<a href="${escapeHtml(l.url)}" style="${STYLE.button}">${escapeHtml(l.label)}</a>`);
        return `<p style="${STYLE.p}">${escapeHtml(block.intro)}</p><p style="${STYLE.p}">${links.join('')}</p>`;
      }
    }
  });
  return [
    '<!DOCTYPE html>',
    '<html lang="de">',
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>`,
    `<body style="${STYLE.body}">`,
    `<main style="${STYLE.main}">`,
    `<h1 style="${STYLE.h1}">${escapeHtml(heading)}</h1>`,
    ...body,
    `<p style="${STYLE.footer}">${escapeHtml(FOOTER)}</p>`,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function message(subject: string, heading: string, blocks: readonly Block[]): MailContent {
  assertSafeSubject(subject);
  return { subject, text: renderText(heading, blocks), html: renderHtml(subject, heading, blocks) };
}

// --- pieces ------------------------------------------------------------------------------------------------

// Leaves room in the 200-character subject for the fixed words and the date, whatever the profile calls a body.
const MAX_NAME_IN_SUBJECT = 120;
const GRAPHEMES = new Intl.Segmenter('de', { granularity: 'grapheme' });

function bodyName(meeting: MeetingDetails): string {
  const name = oneLine(meeting.bodyName);
  if (name === '') throw new Error('a meeting mail needs the name of the body');
  return name;
}

function subjectOf(prefix: string, meeting: MeetingDetails): string {
  const name = bodyName(meeting);
  // Cut between graphemes, so an emoji or an Arabic letter with its marks is never torn apart.
  const graphemes = Array.from(GRAPHEMES.segment(name), (segment) => segment.segment);
  const shortName = graphemes.length > MAX_NAME_IN_SUBJECT ? `${graphemes.slice(0, MAX_NAME_IN_SUBJECT - 1).join('')}…` : name;
  const start = localTime(meeting.start, meeting.timeZone);
  return `${prefix}: ${shortName} am ${start.date}, ${start.time} Uhr`;
}

function appointment(meeting: MeetingDetails, caption = 'Termin'): Block {
  const location = oneLine(meeting.location);
  return {
    kind: 'facts',
    caption,
    rows: [
      { label: 'Datum', value: localTime(meeting.start, meeting.timeZone).longDate },
      { label: 'Uhrzeit', value: timeRange(meeting) },
      { label: 'Ort', value: location === '' ? 'wird noch bekannt gegeben' : location },
    ],
  };
}

function agenda(meeting: MeetingDetails): Block {
  return { kind: 'list', caption: 'Tagesordnung', ordered: true, items: meeting.agenda.map(oneLine), empty: 'wird noch ergänzt.' };
}

function guests(meeting: MeetingDetails): Block[] {
  if (meeting.guests.length === 0) return [];
  const items = meeting.guests.map((guest) => {
    const topic = guest.topic === undefined ? '' : oneLine(guest.topic);
    return topic === '' ? oneLine(guest.name) : `${oneLine(guest.name)} – Thema: ${topic}`;
  });
  return [{ kind: 'list', caption: 'Gäste', ordered: false, items, empty: '' }];
}

function rsvpLinks(intro: string, rsvp: RsvpLinks): Block {
  return {
    kind: 'links',
    intro,
    links: [
      { label: 'Zusagen', url: checkedUrl(rsvp.accept) },
      { label: 'Absagen', url: checkedUrl(rsvp.decline) },
    ],
  };
}

const GREETING: Block = { kind: 'paragraph', text: 'Guten Tag,' };
const CALENDAR_HINT: Block = {
  kind: 'paragraph',
  // Accepting in Outlook sends an iTIP REPLY to the coordination's mailbox, which KIM Flow does not read.
  text: 'Der Termin liegt dieser E-Mail als Kalendereintrag bei. Bitte antworten Sie über die Links oben: Nur dann wird Ihre Zu- oder Absage in KIM Flow vermerkt.',
};

const CHANGE_LABELS: Record<MeetingChange, string> = {
  time: 'Datum/Uhrzeit',
  location: 'Ort',
  agenda: 'Tagesordnung',
  guests: 'Gäste',
};

/** "A", "A und B", "A, B und C" */
function germanList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} und ${items.at(-1) ?? ''}`;
}

function whenFromNow(workingDaysBefore: number): string {
  if (!Number.isSafeInteger(workingDaysBefore) || workingDaysBefore < 0) throw new RangeError(`reminder lead must be a whole number of working days ≥ 0, got ${workingDaysBefore}`);
  if (workingDaysBefore === 0) return 'heute';
  if (workingDaysBefore === 1) return 'am nächsten Arbeitstag';
  return `in ${workingDaysBefore} Arbeitstagen`;
}

// --- templates ---------------------------------------------------------------------------------------------

function invitation(meeting: MeetingDetails, rsvp: RsvpLinks): MailContent {
  const name = bodyName(meeting);
  return message(subjectOf('Einladung', meeting), `Einladung: ${name}`, [
    GREETING,
    { kind: 'paragraph', text: `hiermit laden wir Sie zur Sitzung „${name}“ ein.` },
    appointment(meeting),
    agenda(meeting),
    ...guests(meeting),
    rsvpLinks('Bitte geben Sie uns Bescheid, ob Sie teilnehmen:', rsvp),
    CALENDAR_HINT,
  ]);
}

function update(meeting: MeetingDetails, changes: readonly MeetingChange[], rsvp: RsvpLinks): MailContent {
  const name = bodyName(meeting);
  const changed = MEETING_CHANGES.filter((change) => changes.includes(change));
  const what = changed.length === 0 ? 'Die Einladung wurde aktualisiert.' : `Geändert: ${germanList(changed.map((change) => CHANGE_LABELS[change]))}.`;
  const timeChanged = changed.includes('time');
  return message(subjectOf('Geänderte Einladung', meeting), `Geänderte Einladung: ${name}`, [
    GREETING,
    { kind: 'paragraph', text: `die Sitzung „${name}“ wurde geändert. Es gelten die folgenden Angaben.` },
    { kind: 'notice', text: timeChanged ? `${what} Bitte beachten Sie den neuen Termin.` : what },
    appointment(meeting),
    agenda(meeting),
    ...guests(meeting),
    rsvpLinks(
      timeChanged ? 'Bitte geben Sie uns erneut Bescheid, ob Sie zum neuen Termin teilnehmen:' : 'Falls sich an Ihrer Teilnahme etwas ändert, geben Sie uns bitte Bescheid:',
      rsvp,
    ),
    { kind: 'paragraph', text: 'Der geänderte Termin liegt dieser E-Mail als Kalendereintrag bei und ersetzt den bisherigen Eintrag in Ihrem Kalender.' },
  ]);
}

function cancellation(meeting: MeetingDetails, reason: CancellationReason): MailContent {
  const name = bodyName(meeting);
  const start = localTime(meeting.start, meeting.timeZone);
  const removal: Block = { kind: 'paragraph', text: 'Mit dieser E-Mail kann Ihr Kalenderprogramm den Termin aus Ihrem Kalender entfernen.' };
  if (reason === 'membershipEnded') {
    return message(subjectOf('Einladung aufgehoben', meeting), `Einladung aufgehoben: ${name}`, [
      GREETING,
      { kind: 'paragraph', text: `Sie sind nicht mehr Mitglied von „${name}“. Ihre Einladung zur Sitzung am ${start.longDate} ist deshalb aufgehoben.` },
      appointment(meeting, 'Aufgehobener Termin'),
      removal,
      { kind: 'paragraph', text: 'Falls das nicht zutrifft, wenden Sie sich bitte an das Kommunale Integrationszentrum.' },
    ]);
  }
  return message(subjectOf('Abgesagt', meeting), `Sitzung abgesagt: ${name}`, [
    GREETING,
    { kind: 'paragraph', text: `die Sitzung „${name}“ am ${start.longDate} wird abgesagt und findet nicht statt.` },
    appointment(meeting, 'Abgesagter Termin'),
    removal,
  ]);
}

function reminder(meeting: MeetingDetails, workingDaysBefore: number): MailContent {
  const name = bodyName(meeting);
  const start = localTime(meeting.start, meeting.timeZone);
  return message(subjectOf('Erinnerung', meeting), `Erinnerung: ${name}`, [
    GREETING,
    { kind: 'paragraph', text: `wir erinnern Sie an die Sitzung „${name}“: Sie findet ${whenFromNow(workingDaysBefore)} statt, am ${start.longDate} um ${start.time} Uhr.` },
    appointment(meeting),
    agenda(meeting),
    ...guests(meeting),
  ]);
}

export function meetingMailContent(input: MeetingMailInput): MailContent {
  switch (input.kind) {
    case 'invitation':
      return invitation(input.meeting, input.rsvp);
    case 'update':
      return update(input.meeting, input.changes, input.rsvp);
    case 'cancellation':
      return cancellation(input.meeting, input.reason ?? 'meetingCancelled');
    case 'reminder':
      return reminder(input.meeting, input.workingDaysBefore);
  }
}
