import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import MailComposer from 'nodemailer/lib/mail-composer';
import { ManualClock } from '../../core/clock.ts';
import { composeMime } from '../../core/mail/compose-mime.ts';
import { createDynamoDbClient, createSesClient, createSfnClient } from '../../core/adapters/aws-clients.ts';
import { ensureTable } from '../../local/ensure-table.ts';
import { devServerRequestListener } from '../../local/dev-server.ts';
import { listen, type RunningServer } from '../../local/http-server.ts';
import { LocalSes, sesRequestListener } from '../../local/ses/local-ses.ts';
import { LocalStepFunctions } from '../../local/stepfunctions/local-step-functions.ts';
import { stepFunctionsRequestListener } from '../../local/stepfunctions/endpoint.ts';

function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, body }); });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('app server: health, outbox, static files', () => {
  const region = 'eu-central-1';
  const tableName = `dev-${randomUUID()}`;
  const dir = mkdtempSync(join(tmpdir(), 'kim-dev-'));
  const webDir = join(dir, 'web');
  const clock = new ManualClock('2026-11-24T09:00:00Z');
  const outbox = new LocalSes(join(dir, 'outbox'), clock);
  const dynamodb = createDynamoDbClient({ region, endpoint: inject('dynamodbEndpoint') });
  const servers: RunningServer[] = [];
  let app: RunningServer;
  let sesServer: RunningServer;

  beforeAll(async () => {
    mkdirSync(join(dir, 'machines'));
    mkdirSync(webDir);
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><html lang="de"><title>Start</title></html>');
    writeFileSync(join(dir, 'geheim.txt'), 'nicht ausliefern');
    await ensureTable(dynamodb, tableName);
    const stepFunctions = new LocalStepFunctions({ stateMachinesDir: join(dir, 'machines'), substitutions: {}, lambdas: {}, dynamodb, clock, region, accountId: '000000000000' });
    const sfnServer = await listen(stepFunctionsRequestListener(stepFunctions), '127.0.0.1', 0, 'STEPFUNCTIONS_PORT');
    sesServer = await listen(sesRequestListener(outbox), '127.0.0.1', 0, 'SES_PORT');
    const deps = {
      dynamodb,
      sfn: createSfnClient({ region, endpoint: sfnServer.url }),
      ses: createSesClient({ region, endpoint: sesServer.url }),
      tableName,
      outbox,
      webDir,
    };
    app = await listen(devServerRequestListener(deps), '127.0.0.1', 0, 'PORT');
    servers.push(sfnServer, sesServer, app);
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    dynamodb.destroy();
  });

  it('serves the pages with security headers and nothing outside the web folder', async () => {
    const home = await fetch(`${app.url}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(home.headers.get('x-content-type-options')).toBe('nosniff');
    // Raw requests: fetch would normalise the dots away before they reach the server.
    for (const path of ['/../geheim.txt', '/%2e%2e/geheim.txt', '/..%2fgeheim.txt', '/%2e%2e%2fgeheim.txt', '/%E0%A4%A']) {
      const { status, body } = await rawGet(app.url, path);
      expect(status, path).toBe(404);
      expect(body).not.toContain('nicht ausliefern');
    }
  });

  it('lists sent mail with the subject escaped and offers the .eml', async () => {
    const ses = createSesClient({ region, endpoint: sesServer.url });
    const { MessageId } = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'ki@kreis-dueren.example',
        Destination: { ToAddresses: ['a@traeger-a.example'] },
        Content: { Simple: { Subject: { Data: 'Termin <script>alert(1)</script> & Grüße' }, Body: { Text: { Data: 'x' } } } },
      }),
    );
    ses.destroy();
    const page = await (await fetch(`${app.url}/outbox`)).text();
    expect(page).toContain('Termin &#60;script&#62;alert(1)&#60;/script&#62; &#38; Grüße');
    expect(page).not.toContain('<script>');
    const eml = await fetch(`${app.url}/outbox/${MessageId ?? ''}.eml`);
    expect(eml.headers.get('content-type')).toBe('message/rfc822');
    expect(await eml.text()).toContain('To: a@traeger-a.example');
  });

  it('shows what a mail\u2019s calendar part does and offers it as an .ics', async () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//test//DE',
      'METHOD:REQUEST',
      'BEGIN:VEVENT',
      'UID:jour-fixe-2026-12-08@kreis-dueren.kim-flow',
      'SEQUENCE:1',
      'DTSTAMP:20261124T090000Z',
      'DTSTART;TZID=Europe/Berlin:20261208T100000',
      'DTEND;TZID=Europe/Berlin:20261208T120000',
      'SUMMARY:Jour fixe <Case-Management>',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const raw = await new MailComposer({ from: 'ki@kreis-dueren.example', to: 'a@traeger-a.example, b@traeger-b.example', subject: 'Aktualisierung: Jour fixe', text: 'x', icalEvent: { method: 'REQUEST', content: ics } }).compile().build();
    const ses = createSesClient({ region, endpoint: sesServer.url });
    const { MessageId: withCalendar = '' } = await ses.send(new SendEmailCommand({ Content: { Raw: { Data: raw } } }));
    const { MessageId: without = '' } = await ses.send(
      new SendEmailCommand({ FromEmailAddress: 'ki@kreis-dueren.example', Destination: { ToAddresses: ['a@traeger-a.example'] }, Content: { Simple: { Subject: { Data: 'Ohne Kalender' }, Body: { Text: { Data: 'x' } } } } }),
    );
    ses.destroy();

    const page = await (await fetch(`${app.url}/outbox`)).text();
    const row = /<tr>(?:(?!<\/tr>).)*Aktualisierung: Jour fixe(?:(?!<\/tr>).)*<\/tr>/s.exec(page)?.[0] ?? '';
    expect(row).toContain('<span class="marke">Aktualisierung</span> (METHOD REQUEST, SEQUENCE 1)');
    expect(row).toContain('Jour fixe &#60;Case-Management&#62;');
    expect(row).toContain('Beginn: 08.12.2026, 10:00 Uhr');
    expect(row).toContain('<li>a@traeger-a.example</li><li>b@traeger-b.example</li>');
    expect(row).toContain(`href="/outbox/${withCalendar}.ics"`);
    expect(page).not.toContain(`href="/outbox/${without}.ics"`);

    const file = await fetch(`${app.url}/outbox/${withCalendar}.ics`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="${withCalendar}.ics"`);
    expect(await file.text()).toBe(ics);
    expect((await fetch(`${app.url}/outbox/${without}.ics`)).status).toBe(404);
    expect((await fetch(`${app.url}/outbox/..%2f..%2fgeheim.ics`)).status).toBe(404);
  });

  it('lists an attached file and offers it as a download, never inline', async () => {
    const document = '<!DOCTYPE html><html lang="de"><title>Protokoll</title><script>alert(1)</script></html>';
    const raw = await composeMime(
      { to: ['a@traeger-a.example'], subject: 'Protokoll: Jour fixe am 12.01.2027', text: 'x', html: '<p>x</p>', attachments: [{ filename: 'Protokoll-jour-fixe-2027-01-12.html', contentType: 'text/html', content: document }] },
      'ki@kreis-dueren.example',
    );
    const ses = createSesClient({ region, endpoint: sesServer.url });
    const { MessageId = '' } = await ses.send(new SendEmailCommand({ Content: { Raw: { Data: raw } } }));
    ses.destroy();
    expect(outbox.list().find((entry) => entry.messageId === MessageId)).toMatchObject({ attachments: [{ filename: 'Protokoll-jour-fixe-2027-01-12.html', contentType: 'text/html' }] });
    expect(outbox.list().find((entry) => entry.messageId === MessageId)?.calendar).toBeUndefined();

    const page = await (await fetch(`${app.url}/outbox`)).text();
    expect(page).toContain(`href="/outbox/${MessageId}/anhang-0" download>Anhang Protokoll-jour-fixe-2027-01-12.html (text/html)`);
    const file = await fetch(`${app.url}/outbox/${MessageId}/anhang-0`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/html');
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="Protokoll-jour-fixe-2027-01-12.html"');
    expect(await file.text()).toBe(document);
    expect((await fetch(`${app.url}/outbox/${MessageId}/anhang-1`)).status).toBe(404);
  });

  it('answers health with 200 when all answer and 503 naming the one that does not', async () => {
    const ok = await fetch(`${app.url}/health`);
    expect(ok.status).toBe(200);
    await sesServer.close();
    const down = await fetch(`${app.url}/health`);
    expect(down.status).toBe(503);
    const body = (await down.json()) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe('unavailable');
    expect(body.checks.dynamodb).toBe('ok');
    expect(body.checks.stepfunctions).toBe('ok');
    expect(body.checks.ses).not.toBe('ok');
  });
});
