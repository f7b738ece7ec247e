/**
 * The app's HTTP server under `npm start`: health, the built web pages, and the local outbox.
 * In AWS, API Gateway and CloudFront take these roles; later issues route /api/* to the same handlers here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListStateMachinesCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { GetAccountCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { formatGerman } from '../core/calendar/german-format.ts';
import { escapeHtml } from '../core/html/escape-html.ts';
import { renderPage } from '../core/html/page-layout.ts';
import type { SiteConfig } from '../web/site-config.ts';
import { SECURITY_HEADERS } from '../functions/_shared/http/security-headers.ts';
import type { LocalSes, OutboxEntry } from './ses/local-ses.ts';
import { calendarKind, calendarStart } from './ses/outbox-calendar.ts';

export interface DevServerDependencies {
  readonly dynamodb: DynamoDBClient;
  readonly sfn: SFNClient;
  readonly ses: SESv2Client;
  readonly tableName: string;
  readonly outbox: LocalSes;
  readonly webDir: string;
  /** The local API gateway: answers /api/* and /oparl/* like the HTTP API does (local/api-gateway.ts). */
  readonly api?: PathListener;
  /** The local sign-in page (local/auth/sign-in-page.ts); resolves false for paths that are not its own. */
  readonly signIn?: PathListener;
}

/** Answers the request and resolves true, or resolves false without touching it so the next one may answer. */
export type PathListener = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};


const HEALTH_TIMEOUT_MS = 2000;

// The pages sign in at /anmelden (local/auth/sign-in-page.ts) and may show the outbox.
const LOCAL_SITE_CONFIG: SiteConfig = { signIn: { kind: 'local', url: '/anmelden' }, outbox: true };

async function check(probe: (signal: AbortSignal) => Promise<unknown>): Promise<string> {
  try {
    await probe(AbortSignal.timeout(HEALTH_TIMEOUT_MS));
    return 'ok';
  } catch (error) {
    return error instanceof Error ? `${error.name}: ${error.message}` : 'nicht erreichbar';
  }
}

export async function health(deps: DevServerDependencies): Promise<{ status: 'ok' | 'unavailable'; checks: Record<string, string> }> {
  const [dynamodb, stepfunctions, ses] = await Promise.all([
    check((abortSignal) => deps.dynamodb.send(new DescribeTableCommand({ TableName: deps.tableName }), { abortSignal })),
    check((abortSignal) => deps.sfn.send(new ListStateMachinesCommand({}), { abortSignal })),
    check((abortSignal) => deps.ses.send(new GetAccountCommand({}), { abortSignal })),
  ]);
  const checks = { dynamodb, stepfunctions, ses };
  return { status: Object.values(checks).every((c) => c === 'ok') ? 'ok' : 'unavailable', checks };
}

export function send(response: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  // The same headers CloudFront adds in AWS, so pages behave alike in both places.
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...SECURITY_HEADERS, ...extra });
  response.end(body);
}

export function page(title: string, body: string): string {
  return renderPage({ title, content: `<h1>${escapeHtml(title)}</h1>${body}`, scripts: ['/header.js'] });
}

/** What the mail's calendar part would do in the recipient's calendar; a dash for mails without one. */
function calendarCell(entry: OutboxEntry): string {
  const { calendar } = entry;
  if (calendar === undefined) return '–';
  const start = calendarStart(calendar);
  return (
    `<span class="marke">${escapeHtml(calendarKind(calendar))}</span> (METHOD ${escapeHtml(calendar.method)}, SEQUENCE ${String(calendar.sequence)})` +
    (calendar.summary === undefined ? '' : `<br>${escapeHtml(calendar.summary)}`) +
    (start === undefined ? '' : `<br>Beginn: ${escapeHtml(start)}`)
  );
}

function outboxRow(entry: OutboxEntry): string {
  const id = escapeHtml(entry.messageId);
  // Link texts name the mail, so they make sense out of the table too (e.g. in a screen reader's list of links).
  const about = `<span class="visually-hidden"> zu „${escapeHtml(entry.subject)}“</span>`;
  const recipients = entry.recipients.length === 1 ? escapeHtml(entry.recipients[0] ?? '') : `<ul>${entry.recipients.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>`;
  const files = [
    `<a href="/outbox/${id}.eml" download>E-Mail (.eml)${about}</a>`,
    ...(entry.calendar === undefined ? [] : [`<a href="/outbox/${id}.ics" download>Kalendereintrag (.ics)${about}</a>`]),
    ...(entry.attachments ?? []).map((file, index) => `<a href="/outbox/${id}/anhang-${String(index)}" download>Anhang ${escapeHtml(file.filename)} (${escapeHtml(file.contentType)})${about}</a>`),
  ];
  return (
    `<tr><td><time datetime="${escapeHtml(entry.sentAt)}">${escapeHtml(formatGerman(new Date(entry.sentAt), 'dateTime', 'Europe/Berlin'))}</time></td>` +
    `<th scope="row">${escapeHtml(entry.subject)}</th><td>${recipients}</td><td>${calendarCell(entry)}</td><td>${files.join('<br>')}</td></tr>`
  );
}

function outboxPage(outbox: LocalSes): string {
  const entries = outbox.list();
  const intro = '<p>Hier landen unter <code>npm start</code> alle E-Mails, die KIM Flow verschickt – niemand erhält sie wirklich.</p>';
  if (entries.length === 0) return page('Postausgang', `${intro}<p>Noch keine E-Mails verschickt.</p><p><a href="/">Zur Startseite</a></p>`);
  return page(
    'Postausgang',
    `${intro}<p>${String(entries.length)} E-Mail(s). Ordner: <code>${escapeHtml(outbox.outboxDir)}</code></p>` +
      '<table><caption>Verschickte E-Mails, neueste zuerst</caption><thead><tr><th scope="col">Gesendet</th><th scope="col">Betreff</th>' +
      '<th scope="col">Empfänger</th><th scope="col">Kalendereintrag</th><th scope="col">Herunterladen</th></tr></thead>' +
      `<tbody>${entries.map(outboxRow).join('')}</tbody></table><p><a href="/">Zur Startseite</a></p>`,
  );
}

/** `/outbox/<id>.eml` (the mail as recipients get it) and `/outbox/<id>.ics` (its calendar part); false when missing. */
async function serveOutboxFile(outbox: LocalSes, messageId: string, kind: 'eml' | 'ics', response: ServerResponse): Promise<boolean> {
  const disposition = { 'content-disposition': `attachment; filename="${messageId}.${kind}"` };
  if (kind === 'eml') {
    const message = outbox.read(messageId);
    if (message !== undefined) send(response, 200, 'message/rfc822', message, disposition);
    return message !== undefined;
  }
  const calendar = await outbox.readCalendar(messageId);
  if (calendar !== undefined) send(response, 200, 'text/calendar; charset=utf-8', calendar, disposition);
  return calendar !== undefined;
}

/** `/outbox/<id>/anhang-<n>`: a file attached to the mail, as a download; false when missing. */
async function serveOutboxAttachment(outbox: LocalSes, messageId: string, index: number, response: ServerResponse): Promise<boolean> {
  const file = await outbox.readAttachment(messageId, index);
  // Always a download, never shown inline: an attached HTML document must not run as a page of this origin.
  if (file !== undefined) send(response, 200, file.contentType, file.content, { 'content-disposition': `attachment; filename="${file.filename}"` });
  return file !== undefined;
}

async function serveStatic(webDir: string, path: string, response: ServerResponse): Promise<boolean> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path === '/' ? '/index.html' : path);
  } catch {
    return false; // a malformed %-escape names no file
  }
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  const file = join(webDir, relative);
  if (!file.startsWith(webDir.endsWith(sep) ? webDir : webDir + sep)) return false;
  try {
    const body = await readFile(file);
    send(response, 200, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', body);
    return true;
  } catch {
    return false;
  }
}

export function devServerRequestListener(deps: DevServerDependencies) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    try {
      // Before the method check: the API and the sign-in form take POST.
      if ((path.startsWith('/api/') || path.startsWith('/oparl/')) && (await deps.api?.(request, response))) return;
      if (await deps.signIn?.(request, response)) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        send(response, 405, 'text/plain; charset=utf-8', 'Methode nicht erlaubt', { allow: 'GET, HEAD' });
        return;
      }
      if (path === '/health') {
        const result = await health(deps);
        send(response, result.status === 'ok' ? 200 : 503, 'application/json; charset=utf-8', JSON.stringify(result));
        return;
      }
      if (path === '/config.json') {
        send(response, 200, 'application/json; charset=utf-8', JSON.stringify(LOCAL_SITE_CONFIG));
        return;
      }
      if (path === '/outbox') {
        send(response, 200, 'text/html; charset=utf-8', outboxPage(deps.outbox));
        return;
      }
      const outboxFile = /^\/outbox\/([^/]+)\.(eml|ics)$/.exec(path);
      const outboxAttachment = /^\/outbox\/([^/]+)\/anhang-(\d{1,3})$/.exec(path);
      if (outboxAttachment?.[1] !== undefined) {
        if (await serveOutboxAttachment(deps.outbox, outboxAttachment[1], Number(outboxAttachment[2]), response)) return;
      } else if (outboxFile?.[1] !== undefined) {
        if (await serveOutboxFile(deps.outbox, outboxFile[1], outboxFile[2] === 'ics' ? 'ics' : 'eml', response)) return;
      } else if (await serveStatic(deps.webDir, path, response)) return;
      send(response, 404, 'text/html; charset=utf-8', page('Seite nicht gefunden', '<p>Diese Seite gibt es nicht.</p><p><a href="/">Zur Startseite</a></p>'));
    } catch (error) {
      console.error('Fehler bei', request.method, path, error);
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'Interner Fehler');
    }
  };
}
