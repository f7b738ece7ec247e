/**
 * The mails of the minutes: each released edition to everyone invited, with the printable document attached, and
 * the reminder of an action item before it is due. Pure, like meeting-mails.ts, whose pieces (footer, time range,
 * names in subjects) they share.
 *
 * No calendar part: the minutes mail must not show up as a new invitation in anyone's calendar. Subjects carry the
 * body's name and dates only, never the recipient's or an owner's name.
 */
import { formatGerman } from '../calendar/german-format.ts';
import { GREETING, renderMail } from '../mail/mail-layout.ts';
import type { MailBlock } from '../mail/mail-layout.ts';
import type { OutgoingMail } from '../mail/mail-message.ts';
import { oneLine } from './calendar-entry.ts';
import { FOOTER, appointment, bodyName, nameInSubject, whenFromNow } from './meeting-mails.ts';
import { germanDay, minutesDocument, type MinutesContext } from './minutes-document.ts';
import type { ActionItem, MinutesEdition, TrackedAction } from './minutes.ts';

export interface MailRecipient {
  readonly name: string;
  readonly email: string;
}

export interface ActionReminderContext {
  readonly bodyName: string;
  /** The start of the meeting the action item comes from (ISO). */
  readonly meetingDate: string;
  readonly timeZone: string;
  /** The day the reminder goes out (YYYY-MM-DD, the district's zone). */
  readonly today: string;
  /** Working days after `today` up to the due day (0: due today, or on the next day that is no working day, or past). */
  readonly workingDaysBefore: number;
}

/** How far off the due day is, as the reminder says it: also when it was released or sent late. */
function dueWhen(due: string, context: ActionReminderContext): string {
  const day = germanDay(due, 'weekdayDate');
  if (due < context.today) return `Sie war am ${day} fällig.`;
  if (due === context.today) return `Sie ist heute fällig, am ${day}.`;
  if (context.workingDaysBefore === 0) return `Sie ist am ${day} fällig.`;
  return `Sie ist ${whenFromNow(context.workingDaysBefore)} fällig, am ${day}.`;
}

function greeting(recipient: MailRecipient): MailBlock {
  const name = oneLine(recipient.name);
  return name === '' ? GREETING : { kind: 'paragraph', text: `Guten Tag ${name},` };
}

function mail(recipient: MailRecipient, subject: string, heading: string, blocks: readonly MailBlock[]): OutgoingMail {
  const { text, html } = renderMail({ subject, heading, blocks, footer: FOOTER });
  return { to: [recipient.email], subject, text, html };
}

const sameAddress = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The minutes (edition 1) or a correction (edition 2…), with the printable document attached. */
export function minutesMail(edition: MinutesEdition, context: MinutesContext, recipient: MailRecipient): OutgoingMail {
  const name = bodyName(context);
  const start = new Date(edition.meetingStart);
  const date = formatGerman(start, 'date', context.timeZone);
  const correction = edition.edition > 1;
  const subject = `${correction ? `Berichtigtes Protokoll (Fassung ${String(edition.edition)})` : 'Protokoll'}: ${nameInSubject(context)} am ${date}`;
  const document = minutesDocument(edition, context);
  const actions = edition.items.flatMap((item) => item.actionItems);
  const own = actions.filter((action) => sameAddress(action.owner.email, recipient.email));
  const actionLine = (action: ActionItem): string => `${oneLine(action.what)} – ${oneLine(action.owner.name)}, bis ${germanDay(action.due)}`;
  const note = oneLine(edition.correctionNote ?? '');

  const blocks: MailBlock[] = [
    greeting(recipient),
    {
      kind: 'paragraph',
      text: correction
        ? `anbei erhalten Sie die berichtigte Fassung ${String(edition.edition)} des Protokolls der Sitzung „${name}“ vom ${date}. Sie ersetzt die bisherige Fassung.`
        : `anbei erhalten Sie das Protokoll der Sitzung „${name}“ vom ${date}.`,
    },
    ...(correction ? [{ kind: 'notice', text: `Berichtigt wurde: ${note === '' ? 'siehe Protokoll' : note}` } as const] : []),
    appointment({ start, end: new Date(context.end), location: context.location, timeZone: context.timeZone }, 'Sitzung'),
    ...(own.length === 0 ? [] : [{ kind: 'list', caption: 'Ihre Aufgaben', ordered: false, items: own.map((action) => `${oneLine(action.what)}, bis ${germanDay(action.due, 'weekdayDate')}`), empty: '' } as const]),
    {
      kind: 'list',
      caption: 'Beschlüsse',
      ordered: false,
      items: edition.items.flatMap((item, index) => item.decisions.map((decision) => `TOP ${String(index + 1)}: ${oneLine(decision.text)}`)),
      empty: 'Keine Beschlüsse.',
    },
    { kind: 'list', caption: 'Aufgaben', ordered: false, items: actions.map(actionLine), empty: 'Keine Aufgaben.' },
    { kind: 'paragraph', text: `Das vollständige Protokoll liegt dieser E-Mail als Datei zum Ansehen und Drucken bei (${document.fileName}).` },
  ];
  const heading = correction ? `Berichtigtes Protokoll: ${name}` : `Protokoll: ${name}`;
  return { ...mail(recipient, subject, heading, blocks), attachments: [{ filename: document.fileName, contentType: 'text/html', content: document.html }] };
}

/** The owner's reminder of an open action item, before it is due (or, sent late, after). */
export function actionReminderMail(action: TrackedAction, context: ActionReminderContext, recipient: MailRecipient): OutgoingMail {
  const name = bodyName(context);
  const meetingDate = formatGerman(new Date(context.meetingDate), 'date', context.timeZone);
  const due = germanDay(action.due);
  // "aus der Sitzung „…“" reads right whatever the body is called (der Jour fixe, die Lenkungsgruppe).
  const subject = `Erinnerung: Aufgabe aus der Sitzung „${nameInSubject(context)}“, fällig am ${due}`;
  return mail(recipient, subject, 'Erinnerung an eine Aufgabe', [
    greeting(recipient),
    { kind: 'paragraph', text: `wir erinnern Sie an eine Aufgabe aus der Sitzung „${name}“ vom ${meetingDate}. ${dueWhen(action.due, context)}` },
    {
      kind: 'fields',
      caption: 'Aufgabe',
      valueDir: 'auto',
      rows: [
        { label: 'Was', value: oneLine(action.what) },
        { label: 'Bis', value: germanDay(action.due, 'weekdayDate') },
      ],
    },
    { kind: 'paragraph', text: 'Ist die Aufgabe schon erledigt, geben Sie bitte der Koordination Bescheid, damit sie sie als erledigt vermerkt.' },
  ]);
}
