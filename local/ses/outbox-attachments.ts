/**
 * The attached files of a mail in the local outbox (the printable minutes), listed on the outbox page and offered
 * for download. The calendar part and nodemailer's .ics copy of it are not listed here: the page shows them as the
 * calendar entry (outbox-calendar.ts).
 */
import { simpleParser } from 'mailparser';
import { CALENDAR_TYPES } from './outbox-calendar.ts';

export interface OutboxAttachment {
  readonly filename: string;
  /** type/subtype, without parameters. */
  readonly contentType: string;
  readonly size: number;
}

interface AttachedFile extends OutboxAttachment {
  readonly content: Buffer;
}

// Shown on the page and sent back in Content-Disposition: a name from a mail must not break out of either.
const safeName = (name: string | undefined, index: number): string => {
  const ascii = (name ?? '').replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[._]+/, '');
  return ascii === '' ? `anhang-${String(index + 1)}` : ascii.slice(0, 120);
};

/** The mail's attached files in order; none for a mail without `Content-Disposition: attachment`. */
export async function attachedFiles(raw: Buffer): Promise<AttachedFile[]> {
  // Most mails have no attachment at all: no need to parse them.
  if (!/content-disposition:\s*attachment/i.test(raw.toString('latin1'))) return [];
  const { attachments } = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  return attachments
    .filter((part) => part.contentDisposition === 'attachment' && !CALENDAR_TYPES.includes(part.contentType))
    .map((part, index) => ({ filename: safeName(part.filename, index), contentType: part.contentType, size: part.size, content: part.content }));
}

/** What the outbox page lists: the files without their content. */
export async function attachmentsOf(raw: Buffer): Promise<OutboxAttachment[]> {
  return (await attachedFiles(raw)).map(({ filename, contentType, size }) => ({ filename, contentType, size }));
}
