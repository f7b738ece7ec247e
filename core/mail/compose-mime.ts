/**
 * The one place where messages become MIME: the SES adapter ships exactly these bytes, so what the tests inspect
 * here is exactly what recipients get. Only the mailer imports it (nodemailer is loaded by functions that send).
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import { assertSafeSubject, type MailAttachment, type OutgoingMail } from './mail-message.ts';

// iTIP methods (RFC 5546); the value lands unquoted in the Content-Type header, so only these are allowed.
const CALENDAR_METHODS = new Set(['PUBLISH', 'REQUEST', 'REPLY', 'ADD', 'CANCEL', 'REFRESH', 'COUNTER', 'DECLINECOUNTER']);

// Header names are printable ASCII without colon (RFC 5322 ftext).
const HEADER_NAME = /^[!-9;-~]+$/;
// Set by composeMime itself; an override could redirect the mail or break its structure.
const RESERVED_HEADERS = new Set([
  'auto-submitted',
  'from',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'sender',
  'subject',
  'date',
  'message-id',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'content-disposition',
]);

// The name lands in Content-Type and Content-Disposition: ASCII without quotes, slashes or control characters.
const ATTACHMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$/;
// type/subtype only (RFC 6838 names): parameters such as a charset are composeMime's to set.
const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

function checkedAttachments(attachments: readonly MailAttachment[]): MailAttachment[] {
  return attachments.map(({ filename, contentType, content }) => {
    if (!ATTACHMENT_NAME.test(filename)) throw new Error(`attachment file name not allowed: ${JSON.stringify(filename)}`);
    const type = contentType.toLowerCase();
    if (!CONTENT_TYPE.test(type)) throw new Error(`attachment content type not allowed: ${JSON.stringify(contentType)}`);
    // Text is sent as UTF-8; say so, or a mail program may read the umlauts as Latin-1.
    return { filename, contentType: type.startsWith('text/') ? `${type}; charset=utf-8` : type, content };
  });
}

function checkHeaders(headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name) || RESERVED_HEADERS.has(name.toLowerCase())) throw new Error(`mail header name not allowed: ${JSON.stringify(name)}`);
    if (/[\r\n]/.test(value)) throw new Error(`mail header ${name} must not contain line breaks`);
  }
}

/**
 * Builds the raw RFC 5322 message: multipart/alternative with text, HTML and (if given) the calendar part, inside
 * multipart/mixed when files are attached.
 */
export async function composeMime(mail: OutgoingMail, from: string): Promise<Buffer> {
  assertSafeSubject(mail.subject);
  if (mail.to.length === 0) throw new Error('mail needs at least one recipient');
  if (/[\r\n]/.test(from) || mail.to.some((address) => /[\r\n]/.test(address))) throw new Error('mail addresses must not contain line breaks');
  const headers = mail.headers ?? {};
  checkHeaders(headers);
  let icalEvent: { method: string; content: string } | undefined;
  if (mail.icalEvent !== undefined) {
    const method = mail.icalEvent.method.toUpperCase();
    if (!CALENDAR_METHODS.has(method)) throw new Error(`unknown iCalendar method: ${JSON.stringify(mail.icalEvent.method)}`);
    icalEvent = { method, content: mail.icalEvent.content };
  }

  return new MailComposer({
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    icalEvent,
    attachments: checkedAttachments(mail.attachments ?? []),
    // RFC 3834: marks the mail as machine-sent so out-of-office replies do not answer every notification.
    headers: { 'Auto-Submitted': 'auto-generated', ...headers },
  })
    .compile()
    .build();
}
