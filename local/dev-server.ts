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
import { escapeHtml } from '../core/html/escape-html.ts';
import { renderPage } from '../core/html/page-layout.ts';
import type { SiteConfig } from '../web/site-config.ts';
import type { LocalSes } from './ses/local-ses.ts';

export interface DevServerDependencies {
  readonly dynamodb: DynamoDBClient;
  readonly sfn: SFNClient;
  readonly ses: SESv2Client;
  readonly tableName: string;
  readonly outbox: LocalSes;
  readonly webDir: string;
  /** The local API gateway: answers /api/* like the HTTP API does (local/api-gateway.ts). */
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

// The same headers CloudFront adds in AWS, so pages behave alike in both places.
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
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
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...SECURITY_HEADERS, ...extra });
  response.end(body);
}

export function page(title: string, body: string): string {
  return renderPage({ title, content: `<h1>${escapeHtml(title)}</h1>${body}`, scripts: ['/header.js'] });
}

const berlinTime = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' });

function outboxPage(outbox: LocalSes): string {
  const entries = outbox.list();
  if (entries.length === 0) return page('Postausgang', '<p>Noch keine E-Mails verschickt.</p><p><a href="/">Zur Startseite</a></p>');
  const rows = entries
    .map(
      (e) =>
        `<tr><td>${escapeHtml(berlinTime.format(new Date(e.sentAt)))}</td><td>${escapeHtml(e.subject)}</td><td>${escapeHtml(e.recipients.join(', '))}</td><td><a href="/outbox/${escapeHtml(e.messageId)}.eml" download>E-Mail herunterladen (.eml)</a></td></tr>`,
    )
    .join('');
  return page(
    'Postausgang',
    `<p>${entries.length} E-Mail(s), neueste zuerst. Ordner: <code>${escapeHtml(outbox.outboxDir)}</code></p><table><caption class="visually-hidden">Verschickte E-Mails</caption><thead><tr><th scope="col">Gesendet</th><th scope="col">Betreff</th><th scope="col">Empfänger</th><th scope="col">Nachricht</th></tr></thead><tbody>${rows}</tbody></table><p><a href="/">Zur Startseite</a></p>`,
  );
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
      if (path.startsWith('/api/') && (await deps.api?.(request, response))) return;
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
      const eml = /^\/outbox\/([^/]+)\.eml$/.exec(path);
      if (eml?.[1] !== undefined) {
        const message = deps.outbox.read(eml[1]);
        if (message !== undefined) {
          send(response, 200, 'message/rfc822', message, { 'content-disposition': `attachment; filename="${eml[1]}.eml"` });
          return;
        }
      } else if (await serveStatic(deps.webDir, path, response)) return;
      send(response, 404, 'text/html; charset=utf-8', page('Seite nicht gefunden', '<p>Diese Seite gibt es nicht.</p><p><a href="/">Zur Startseite</a></p>'));
    } catch (error) {
      console.error('Fehler bei', request.method, path, error);
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'Interner Fehler');
    }
  };
}
