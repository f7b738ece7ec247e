/**
 * The local SES v2 endpoint: accepts SendEmail (raw and simple content) from @aws-sdk/client-sesv2, rejects what
 * SES would reject, and writes each accepted message as `<id>.eml` (what recipients would get) plus `<id>.json`
 * (the envelope: who it went to, when, configuration set) into the outbox folder.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import * as z from 'zod';
import type { Clock } from '../../core/clock.ts';
import { readBody, RequestTooLargeError } from '../http-server.ts';
import { calendarText, summariseCalendar, type OutboxCalendar } from './outbox-calendar.ts';
import { attachedFiles, attachmentsOf, type OutboxAttachment } from './outbox-attachments.ts';
import { addressesOf, decodeEncodedWords, parseHeaders } from './raw-message.ts';

// SES v2 accepts messages up to 40 MB including the base64 overhead of the request.
const MAX_REQUEST_BYTES = 56 * 1024 * 1024;
const MAX_RECIPIENTS = 50;

const content = z.object({ Data: z.string(), Charset: z.string().optional() });
const sendEmailRequest = z.object({
  FromEmailAddress: z.string().optional(),
  Destination: z
    .object({
      ToAddresses: z.array(z.string()).optional(),
      CcAddresses: z.array(z.string()).optional(),
      BccAddresses: z.array(z.string()).optional(),
    })
    .optional(),
  ReplyToAddresses: z.array(z.string()).optional(),
  ConfigurationSetName: z.string().optional(),
  EmailTags: z.array(z.object({ Name: z.string(), Value: z.string() })).optional(),
  Content: z.object({
    Simple: z
      .object({
        Subject: content,
        Body: z.object({ Text: content.optional(), Html: content.optional() }),
        Headers: z.array(z.object({ Name: z.string(), Value: z.string() })).optional(),
      })
      .optional(),
    Raw: z.object({ Data: z.string() }).optional(),
    Template: z.unknown().optional(),
  }),
});
type SendEmailRequest = z.infer<typeof sendEmailRequest>;

export interface OutboxEntry {
  readonly messageId: string;
  readonly sentAt: string;
  readonly from: string;
  readonly recipients: string[];
  readonly subject: string;
  readonly configurationSet?: string;
  readonly tags: Record<string, string>;
  /** The calendar part (invitation, update, cancellation), read once when the mail is stored. */
  readonly calendar?: OutboxCalendar;
  /** The attached files (the printable minutes), listed when the mail is stored; absent when there are none. */
  readonly attachments?: readonly OutboxAttachment[];
}

class BadRequest extends Error {}

// A plain addr-spec check; SES itself answers "Illegal address" for what fails it.
const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;

function checkAddresses(addresses: string[], field: string): void {
  for (const address of addresses) {
    if (!EMAIL.test(address)) throw new BadRequest(`Illegal address in ${field}: ${address}`);
  }
}

export class LocalSes {
  constructor(
    readonly outboxDir: string,
    private readonly clock: Clock,
  ) {
    mkdirSync(outboxDir, { recursive: true });
  }

  async send(request: SendEmailRequest): Promise<string> {
    const destination = request.Destination ?? {};
    const listed = [...(destination.ToAddresses ?? []), ...(destination.CcAddresses ?? []), ...(destination.BccAddresses ?? [])];
    let message: Buffer;
    let from: string;
    let recipients: string[];
    let subject: string;

    if (request.Content.Raw !== undefined) {
      message = Buffer.from(request.Content.Raw.Data, 'base64');
      if (message.length === 0) throw new BadRequest('Raw message is empty.');
      const headers = parseHeaders(message);
      from = request.FromEmailAddress ?? addressesOf(headers.get('from'))[0] ?? '';
      recipients = listed.length > 0 ? listed : ['to', 'cc', 'bcc'].flatMap((h) => addressesOf(headers.get(h)));
      subject = decodeEncodedWords(headers.get('subject') ?? '');
    } else if (request.Content.Simple !== undefined) {
      const simple = request.Content.Simple;
      from = request.FromEmailAddress ?? '';
      recipients = listed;
      subject = simple.Subject.Data;
      if (simple.Body.Text === undefined && simple.Body.Html === undefined) throw new BadRequest('Message body must have text or HTML.');
      if (from === '' || recipients.length === 0) message = Buffer.alloc(0);
      else {
        message = await new MailComposer({
          from,
          to: destination.ToAddresses,
          cc: destination.CcAddresses,
          replyTo: request.ReplyToAddresses,
          subject,
          text: simple.Body.Text?.Data,
          html: simple.Body.Html?.Data,
          headers: Object.fromEntries((simple.Headers ?? []).map((h) => [h.Name, h.Value])),
        })
          .compile()
          .build();
      }
    } else {
      throw new BadRequest('Content must be Simple or Raw; templates are not supported by the local SES endpoint.');
    }

    if (from === '') throw new BadRequest('Missing required header \'From\'.');
    if (recipients.length === 0) throw new BadRequest('Missing final destination: the message has no recipients.');
    if (recipients.length > MAX_RECIPIENTS) throw new BadRequest(`Recipient count exceeds ${MAX_RECIPIENTS}.`);
    // SES accepts a display name ("Name <address>"); the address inside must be valid.
    checkAddresses([addressesOf(from)[0] ?? from], 'From');
    // SES accepts "Name <address>" here too; what is checked and recorded is the address inside.
    recipients = recipients.map((r) => addressesOf(r)[0] ?? r);
    checkAddresses(recipients, 'Destination');

    const calendar = await calendarOf(message);
    const attachments = await readable('Anhänge', [], () => attachmentsOf(message));
    const sentAt = this.clock.now();
    const messageId = `${sentAt.getTime().toString(36)}-${randomBytes(12).toString('hex')}`;
    const entry: OutboxEntry = {
      messageId,
      sentAt: sentAt.toISOString(),
      from,
      recipients,
      subject,
      ...(request.ConfigurationSetName === undefined ? {} : { configurationSet: request.ConfigurationSetName }),
      tags: Object.fromEntries((request.EmailTags ?? []).map((t) => [t.Name, t.Value])),
      ...(calendar === undefined ? {} : { calendar }),
      ...(attachments.length === 0 ? {} : { attachments }),
    };
    // Write the message first and the envelope last (atomically): a listed entry always has its .eml.
    writeFileSync(join(this.outboxDir, `${messageId}.eml`), message);
    const tmp = join(this.outboxDir, `.${messageId}.json.tmp`);
    writeFileSync(tmp, `${JSON.stringify(entry, null, 2)}\n`);
    renameSync(tmp, join(this.outboxDir, `${messageId}.json`));
    return messageId;
  }

  /** Newest first. */
  list(): OutboxEntry[] {
    return readdirSync(this.outboxDir)
      .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
      .map((f) => JSON.parse(readFileSync(join(this.outboxDir, f), 'utf8')) as OutboxEntry)
      .sort((a, b) => b.sentAt.localeCompare(a.sentAt) || b.messageId.localeCompare(a.messageId));
  }

  /** The message's calendar part as iCalendar text, or undefined when the message or its calendar part is missing. */
  async readCalendar(messageId: string): Promise<string | undefined> {
    const message = this.read(messageId);
    return message === undefined ? undefined : calendarText(message);
  }

  /** The message's attached file number `index` (from 0), or undefined when the message or the file is missing. */
  async readAttachment(messageId: string, index: number): Promise<{ filename: string; contentType: string; content: Buffer } | undefined> {
    const message = this.read(messageId);
    return message === undefined ? undefined : (await attachedFiles(message))[index];
  }

  /** The raw message, or undefined for an id that is not in the outbox (ids are checked, never used as paths). */
  read(messageId: string): Buffer | undefined {
    if (!/^[a-z0-9]+-[a-f0-9]{24}$/.test(messageId)) return undefined;
    try {
      return readFileSync(join(this.outboxDir, `${messageId}.eml`));
    } catch {
      return undefined;
    }
  }
}

/**
 * What the outbox page shows of a message's parts. SES does not look into them, so a part that cannot be read does
 * not stop the send here either; the page then shows the mail without it.
 */
async function readable<T>(what: string, fallback: T, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    console.warn(`Postausgang: ${what} nicht lesbar:`, error instanceof Error ? error.message : String(error));
    return fallback;
  }
}

const calendarOf = (message: Buffer): Promise<OutboxCalendar | undefined> =>
  readable('Kalenderteil', undefined, async () => {
    const text = await calendarText(message);
    return text === undefined ? undefined : summariseCalendar(text);
  });

function sendJson(response: ServerResponse, statusCode: number, body: unknown, errorType?: string): void {
  response.writeHead(statusCode, {
    'content-type': 'application/json',
    ...(errorType === undefined ? {} : { 'x-amzn-errortype': errorType }),
  });
  response.end(JSON.stringify(body));
}

export function sesRequestListener(ses: LocalSes) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = (request.url ?? '/').split('?')[0];
    try {
      if (request.method === 'GET' && path === '/v2/email/account') {
        // GetAccount: what health checks and the console ask; the local endpoint is "in the sandbox".
        sendJson(response, 200, { SendingEnabled: true, ProductionAccessEnabled: false, EnforcementStatus: 'HEALTHY', DedicatedIpAutoWarmupEnabled: false });
        return;
      }
      if (request.method === 'POST' && path === '/v2/email/outbound-emails') {
        let body: unknown;
        try {
          body = JSON.parse((await readBody(request, MAX_REQUEST_BYTES)).toString('utf8'));
        } catch (error) {
          if (error instanceof RequestTooLargeError) throw new BadRequest('Message length exceeds the limit.');
          throw new BadRequest('Request body is not valid JSON.');
        }
        const parsed = sendEmailRequest.safeParse(body);
        if (!parsed.success) throw new BadRequest(`Invalid request: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
        sendJson(response, 200, { MessageId: await ses.send(parsed.data) });
        return;
      }
      sendJson(response, 404, { message: `Operation not supported locally: ${request.method ?? ''} ${path ?? ''}` }, 'NotFoundException');
    } catch (error) {
      if (error instanceof BadRequest) sendJson(response, 400, { message: error.message }, 'BadRequestException');
      else sendJson(response, 500, { message: error instanceof Error ? error.message : String(error) }, 'InternalFailure');
    }
  };
}
