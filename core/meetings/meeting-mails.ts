/**
 * The German meeting mails — invitation, update, cancellation, reminder — as `{ subject, text, html }`. Pure:
 * the caller picks recipients, builds the calendar part and the RSVP links; every wording is testable here.
 *
 * Subjects hold fixed text, the body's name and the date only (no recipient or guest names) and go through
 * `assertSafeSubject`. Guests appear with name and topic, never with their e-mail address. Every piece of
 * user-supplied text is reduced to one line (so a name cannot add lines to the text mail) and HTML-escaped.
 */
import { formatGerman } from '../calendar/german-format.ts';
import type { GermanFormat } from '../calendar/german-format.ts';
import { GREETING, renderMail } from '../mail/mail-layout.ts';
import type { MailBlock, MailContent } from '../mail/mail-layout.ts';
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
  readonly tentative: string;
  readonly decline: string;
}

export type MeetingMailInput =
  | { readonly kind: 'invitation'; readonly meeting: MeetingDetails; readonly rsvp: RsvpLinks }
  | { readonly kind: 'update'; readonly meeting: MeetingDetails; readonly changes: readonly MeetingChange[]; readonly rsvp: RsvpLinks }
  | { readonly kind: 'cancellation'; readonly meeting: MeetingDetails; readonly reason?: CancellationReason }
  | { readonly kind: 'reminder'; readonly meeting: MeetingDetails; readonly workingDaysBefore: number };

export type MeetingMailKind = MeetingMailInput['kind'];

/** The footer of every meeting mail, the minutes' mails too (minutes-mails.ts). */
export const FOOTER = 'Diese Nachricht wurde automatisch von KIM Flow versandt, der Sitzungsplanung des Kommunalen Integrationsmanagements.';

const message = (subject: string, heading: string, blocks: readonly MailBlock[]): MailContent => renderMail({ subject, heading, blocks, footer: FOOTER });

/** The meeting's wall clock in the district's zone. */
const when = (meeting: Pick<MeetingDetails, 'timeZone'>, instant: Date, format: GermanFormat): string => formatGerman(instant, format, meeting.timeZone);

/** "10:00–12:00 Uhr", or with the end's date when the meeting runs past midnight; also in the minutes. */
export function timeRange(meeting: Pick<MeetingDetails, 'start' | 'end' | 'timeZone'>): string {
  const start = when(meeting, meeting.start, 'time');
  const end = when(meeting, meeting.end, 'time');
  if (when(meeting, meeting.start, 'date') === when(meeting, meeting.end, 'date')) return `${start}–${end} Uhr`;
  return `${start} Uhr bis ${when(meeting, meeting.end, 'weekdayDate')}, ${end} Uhr`;
}

// --- pieces ------------------------------------------------------------------------------------------------

// Leaves room in the 200-character subject for the fixed words and the date, whatever the profile calls a body.
const MAX_NAME_IN_SUBJECT = 120;
const GRAPHEMES = new Intl.Segmenter('de', { granularity: 'grapheme' });

/** The body's name on one line; throws when it is empty. */
export function bodyName(meeting: Pick<MeetingDetails, 'bodyName'>): string {
  const name = oneLine(meeting.bodyName);
  if (name === '') throw new Error('a meeting mail needs the name of the body');
  return name;
}

/** The body's name on one line, shortened to fit a subject beside fixed words and a date. */
export function nameInSubject(meeting: Pick<MeetingDetails, 'bodyName'>): string {
  const name = bodyName(meeting);
  // Cut between graphemes, so an emoji or an Arabic letter with its marks is never torn apart.
  const graphemes = Array.from(GRAPHEMES.segment(name), (segment) => segment.segment);
  return graphemes.length > MAX_NAME_IN_SUBJECT ? `${graphemes.slice(0, MAX_NAME_IN_SUBJECT - 1).join('')}…` : name;
}

function subjectOf(prefix: string, meeting: MeetingDetails): string {
  return `${prefix}: ${nameInSubject(meeting)} am ${when(meeting, meeting.start, 'date')}, ${when(meeting, meeting.start, 'time')} Uhr`;
}

/** Date, time and place as label–value rows; also in the minutes mail. */
export function appointment(meeting: Pick<MeetingDetails, 'start' | 'end' | 'location' | 'timeZone'>, caption = 'Termin'): MailBlock {
  const location = oneLine(meeting.location);
  return {
    kind: 'fields',
    caption,
    valueDir: 'auto',
    rows: [
      { label: 'Datum', value: when(meeting, meeting.start, 'weekdayDate') },
      { label: 'Uhrzeit', value: timeRange(meeting) },
      { label: 'Ort', value: location === '' ? 'wird noch bekannt gegeben' : location },
    ],
  };
}

function agenda(meeting: MeetingDetails): MailBlock {
  return { kind: 'list', caption: 'Tagesordnung', ordered: true, items: meeting.agenda.map(oneLine), empty: 'wird noch ergänzt.' };
}

/** "Dr. Ömer Yılmaz – Thema: Anerkennung ausländischer Abschlüsse", on one line: in the mail and in the calendar entry. */
export function guestLine(guest: MeetingDetails['guests'][number]): string {
  const topic = guest.topic === undefined ? '' : oneLine(guest.topic);
  return topic === '' ? oneLine(guest.name) : `${oneLine(guest.name)} – Thema: ${topic}`;
}

function guests(meeting: MeetingDetails): MailBlock[] {
  if (meeting.guests.length === 0) return [];
  return [{ kind: 'list', caption: 'Gäste', ordered: false, items: meeting.guests.map(guestLine), empty: '' }];
}

function rsvpLinks(intro: string, rsvp: RsvpLinks): MailBlock {
  return {
    kind: 'buttons',
    intro,
    links: [
      { label: 'Zusagen', url: rsvp.accept },
      { label: 'Unter Vorbehalt zusagen', url: rsvp.tentative },
      { label: 'Absagen', url: rsvp.decline },
    ],
  };
}

const CALENDAR_HINT: MailBlock = {
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
export function germanList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} und ${items.at(-1) ?? ''}`;
}

/** "heute", "am nächsten Arbeitstag", "in 3 Arbeitstagen": how far ahead a reminder is. */
export function whenFromNow(workingDaysBefore: number): string {
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
  const start = when(meeting, meeting.start, 'weekdayDate');
  const removal: MailBlock = { kind: 'paragraph', text: 'Mit dieser E-Mail kann Ihr Kalenderprogramm den Termin aus Ihrem Kalender entfernen.' };
  if (reason === 'membershipEnded') {
    return message(subjectOf('Einladung aufgehoben', meeting), `Einladung aufgehoben: ${name}`, [
      GREETING,
      { kind: 'paragraph', text: `Sie sind nicht mehr Mitglied von „${name}“. Ihre Einladung zur Sitzung am ${start} ist deshalb aufgehoben.` },
      appointment(meeting, 'Aufgehobener Termin'),
      removal,
      { kind: 'paragraph', text: 'Falls das nicht zutrifft, wenden Sie sich bitte an das Kommunale Integrationszentrum.' },
    ]);
  }
  return message(subjectOf('Abgesagt', meeting), `Sitzung abgesagt: ${name}`, [
    GREETING,
    { kind: 'paragraph', text: `die Sitzung „${name}“ am ${start} wird abgesagt und findet nicht statt.` },
    appointment(meeting, 'Abgesagter Termin'),
    removal,
  ]);
}

function reminder(meeting: MeetingDetails, workingDaysBefore: number): MailContent {
  const name = bodyName(meeting);
  return message(subjectOf('Erinnerung', meeting), `Erinnerung: ${name}`, [
    GREETING,
    { kind: 'paragraph', text: `wir erinnern Sie an die Sitzung „${name}“: Sie findet ${whenFromNow(workingDaysBefore)} statt, am ${when(meeting, meeting.start, 'weekdayDate')} um ${when(meeting, meeting.start, 'time')} Uhr.` },
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
