/**
 * The mail port of the domain. Everything the system sends — case notifications and meeting invitations — goes
 * through `Mailer.send`; the SES adapter ships the bytes that `composeMime` (compose-mime.ts, the one place where
 * messages become MIME) builds. Kept free of nodemailer, so code that only builds mails does not load it.
 */

export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** An iCalendar object (RFC 5545) sent as `text/calendar; method=…`, the part Outlook and Thunderbird act on. */
  icalEvent?: { method: string; content: string };
  /** Files sent along (the printable minutes): `filename` is plain ASCII, as every mail program shows it alike. */
  attachments?: readonly MailAttachment[];
  /** Extra header fields, e.g. a case reference for mail filters; never personal data. */
  headers?: Record<string, string>;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

export interface Mailer {
  /** Sends the mail and resolves with the transport's message id. */
  send(mail: OutgoingMail): Promise<string>;
}

const MAX_SUBJECT_LENGTH = 200;

/**
 * Subjects never carry personal data by construction: templates build them from case numbers and fixed text
 * only. This guard catches header injection (a CR/LF would start a new header) and a template gone wrong.
 */
export function assertSafeSubject(subject: string): void {
  if (/[\r\n]/.test(subject)) throw new Error('mail subject must not contain line breaks');
  if (subject.trim() === '') throw new Error('mail subject must not be empty');
  if (subject.length > MAX_SUBJECT_LENGTH) throw new Error(`mail subject must not be longer than ${MAX_SUBJECT_LENGTH} characters`);
}
