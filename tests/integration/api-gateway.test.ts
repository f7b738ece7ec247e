/**
 * The local API gateway over real HTTP: what reaches a handler (and what must not), in the HTTP API's shapes.
 * Handlers are fakes that record their events; the clock is moved by hand to expire tokens.
 */
import { mkdtempSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../core/clock.ts';
import { callerFromEvent } from '../../functions/_shared/middlewares/caller.ts';
import type { StaffMember } from '../../core/profile/demo-data-schema.ts';
import type { ApiRoute } from '../../functions/api-routes.ts';
import { API_MAX_BODY_BYTES, apiGatewayListener, type ApiHandler } from '../../local/api-gateway.ts';
import { keyPaths, openLocalIssuer } from '../../local/auth/local-issuer.ts';
import { signInListener } from '../../local/auth/sign-in-page.ts';
import { listen, type RunningServer } from '../../local/http-server.ts';

const caseManager: StaffMember = { id: 'ayse-yilmaz', name: 'Ayşe Yılmaz', email: 'ayse.yilmaz@traeger-a.example', role: 'casemanager', providerId: 'traeger-a', focusAreas: ['welcome'] };
const intake: StaffMember = { id: 'lena-hoffmann', name: 'Lena <Hoffmann>', email: 'lena.hoffmann@kreis-dueren.example', role: 'intake' };

const routes: ApiRoute[] = [
  { method: 'POST', path: '/api/intakes', functionName: 'create-intake' },
  { method: 'GET', path: '/api/cases/{id}', functionName: 'get-case' },
  { method: 'POST', path: '/api/explode', functionName: 'explode' },
];

const MIB = 1024 * 1024;

describe('local API gateway', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kim-gateway-'));
  const issuer = openLocalIssuer(dataDir);
  const strangerIssuer = openLocalIssuer(mkdtempSync(join(tmpdir(), 'kim-stranger-')));
  const clock = new ManualClock('2026-11-24T09:00:00Z');
  const events: APIGatewayProxyEventV2WithJWTAuthorizer[] = [];
  const record =
    (result: APIGatewayProxyStructuredResultV2): ApiHandler =>
    (event) => {
      events.push(event);
      return Promise.resolve(result);
    };
  const handlers: Record<string, ApiHandler> = {
    'create-intake': record({ statusCode: 202, headers: { 'Content-Type': 'application/json' }, body: '{"caseId":"c-1"}' }),
    'get-case': record({ statusCode: 200, headers: { 'content-type': 'application/json', 'x-count': 3 }, body: '{"ok":true}', cookies: ['a=1; HttpOnly', 'b=2'] }),
    explode: (event) => {
      events.push(event);
      return Promise.reject(new Error('kaputt'));
    },
  };
  const gateway = apiGatewayListener({ routes, handlers, issuer, clock });
  const signIn = signInListener({ staff: [intake, caseManager], providers: [{ id: 'traeger-a', name: 'Träger A & Co', kind: 'welfare', placeholder: true, municipalities: 'all', focusAreas: ['welcome'] }], issuer, clock });
  let server: RunningServer;

  beforeAll(async () => {
    server = await listen(
      async (request, response) => {
        if ((await gateway(request, response)) || (await signIn(request, response))) return;
        response.writeHead(599).end();
      },
      '127.0.0.1',
      0,
      'PORT',
    );
  });
  afterAll(() => server.close());
  afterEach(() => {
    events.length = 0;
    vi.restoreAllMocks();
  });

  const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

  it('answers 401 like the HTTP API without a token or with a malformed one, and never calls the handler', async () => {
    for (const headers of [{}, { authorization: 'Basic dXNlcjpwdw==' }, bearer('kein.gültiges.token'), bearer('')]) {
      const response = await fetch(`${server.url}/api/intakes`, { method: 'POST', headers, body: '{}' });
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(await response.json()).toEqual({ message: 'Unauthorized' });
    }
    expect(events).toHaveLength(0);
  });

  it('answers 401 for an expired token, judged by the gateway clock', async () => {
    const token = await issuer.mintToken(intake, clock.now(), 60);
    await clock.advance(59_000);
    expect((await fetch(`${server.url}/api/intakes`, { method: 'POST', headers: bearer(token), body: '{}' })).status).toBe(202);
    await clock.advance(2_000);
    const expired = await fetch(`${server.url}/api/intakes`, { method: 'POST', headers: bearer(token), body: '{}' });
    expect(expired.status).toBe(401);
    expect(events).toHaveLength(1);
  });

  it('answers 401 for a token signed with another key', async () => {
    const token = await strangerIssuer.mintToken(intake, clock.now());
    const response = await fetch(`${server.url}/api/intakes`, { method: 'POST', headers: bearer(token), body: '{}' });
    expect(response.status).toBe(401);
    expect(events).toHaveLength(0);
  });

  it('hands the handler a payload 2.0 event with the claims flattened as API Gateway does', async () => {
    const token = await issuer.mintToken(caseManager, clock.now());
    const response = await fetch(`${server.url}/api/cases/K%C3%B6ln%201?status=offen&status=wartend`, {
      headers: { ...bearer(token), 'X-Trace': 'abc', cookie: 'theme=dark; lang=de' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.get('x-count')).toBe('3');
    expect(response.headers.getSetCookie()).toEqual(['a=1; HttpOnly', 'b=2']);

    expect(events).toHaveLength(1);
    const event = events[0];
    if (event === undefined) throw new Error('no event');
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /api/cases/{id}',
      rawPath: '/api/cases/K%C3%B6ln%201',
      rawQueryString: 'status=offen&status=wartend',
      queryStringParameters: { status: 'offen,wartend' },
      pathParameters: { id: 'Köln 1' },
      cookies: ['theme=dark', 'lang=de'],
      isBase64Encoded: false,
      requestContext: { routeKey: 'GET /api/cases/{id}', http: { method: 'GET', path: '/api/cases/K%C3%B6ln%201', sourceIp: '127.0.0.1' }, timeEpoch: clock.now().getTime(), time: `24/Nov/2026:${clock.now().toISOString().slice(11, 19)} +0000` },
    });
    expect(event.headers['x-trace']).toBe('abc');
    expect(event.headers['cookie']).toBeUndefined();
    expect(event.body).toBeUndefined();
    expect(response.headers.get('apigw-requestid')).toBe(event.requestContext.requestId);

    const { claims, scopes } = event.requestContext.authorizer.jwt;
    expect(scopes).toBeNull();
    expect(claims).toMatchObject({
      sub: 'ayse-yilmaz',
      email: 'ayse.yilmaz@traeger-a.example',
      'cognito:groups': '[casemanager]',
      'custom:providerId': 'traeger-a',
      token_use: 'id',
      iss: 'kim-flow-local',
      aud: 'kim-flow',
    });
    expect(claims['exp']).toBe(String(Math.floor(clock.now().getTime() / 1000) + 8 * 3600));
    expect(callerFromEvent(event)).toEqual({ userId: 'ayse-yilmaz', email: 'ayse.yilmaz@traeger-a.example', roles: ['casemanager'], providerId: 'traeger-a' });
  });

  it('passes the body as a UTF-8 string up to the limit and answers 413 above it without calling the handler', async () => {
    const token = await issuer.mintToken(intake, clock.now());
    const name = '{"name":"Zoë Ünal 李"}';
    const small = await fetch(`${server.url}/api/intakes`, { method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: name });
    expect(small.status).toBe(202);
    expect(events[0]?.body).toBe(name);

    const exactly = await fetch(`${server.url}/api/intakes`, { method: 'POST', headers: bearer(token), body: 'x'.repeat(MIB) });
    expect(exactly.status).toBe(202);
    expect(events).toHaveLength(2);

    const tooLarge = await fetch(`${server.url}/api/intakes`, { method: 'POST', headers: bearer(token), body: 'x'.repeat(MIB + 1) });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toEqual({ message: 'Die Anfrage ist zu groß (höchstens 1 MiB). Bitte kürzen Sie die Eingaben, etwa lange Freitexte, und senden Sie erneut.' });
    expect(events).toHaveLength(2);
  });

  it('reads a 2 MiB body to its end and answers 413 in German: the client sees the answer, not EPIPE or ECONNRESET', async () => {
    expect(API_MAX_BODY_BYTES).toBe(MIB);
    const token = await issuer.mintToken(intake, clock.now());
    const { port } = new URL(server.url);
    // A client that writes the whole body before it reads (as Python's http.client does). Answering and closing
    // without reading made about every second such request end in EPIPE; five in a row all get the answer.
    const send = (): Promise<string> =>
      new Promise((resolve) => {
        const socket = connect(Number(port), '127.0.0.1');
        let answer = '';
        socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
        socket.on('error', (error: NodeJS.ErrnoException) => { resolve(error.code ?? error.message); });
        socket.on('end', () => { resolve(answer); });
        socket.write(`POST /api/intakes HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${String(2 * MIB)}\r\nConnection: close\r\n\r\n`);
        socket.end(Buffer.alloc(2 * MIB, 'x'));
      });
    for (let i = 0; i < 5; i++) {
      const answer = await send();
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large');
      // The body comes chunked; the German sentence is in it as it is.
      expect(answer).toContain('{"message":"Die Anfrage ist zu groß (höchstens 1 MiB). Bitte ');
    }
    expect(events).toHaveLength(0);
  });

  it('answers 500 when the handler throws and logs the error without the request body', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const token = await issuer.mintToken(intake, clock.now());
    const response = await fetch(`${server.url}/api/explode`, { method: 'POST', headers: bearer(token), body: '{"name":"Kanarienvogel-Quispel"}' });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
    expect(events).toHaveLength(1);
    const log = logged.mock.calls.map((args) => args.map((a) => (a instanceof Error ? `${a.message} ${a.stack ?? ''}` : String(a))).join(' ')).join('\n');
    expect(log).toContain('POST /api/explode');
    expect(log).toContain('kaputt');
    expect(log).not.toContain('Kanarienvogel');
  });

  it('answers 404 for unknown /api/ routes and a route with another method, and leaves other paths alone', async () => {
    const token = await issuer.mintToken(intake, clock.now());
    for (const [method, path] of [['GET', '/api/unbekannt'], ['GET', '/api/intakes'], ['POST', '/api/cases/1'], ['GET', '/api/cases/%zz']] as const) {
      const response = await fetch(`${server.url}${path}`, { method, headers: bearer(token) });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(await response.json()).toEqual({ message: 'Not Found' });
    }
    expect((await fetch(`${server.url}/health`)).status).toBe(599);
    expect(events).toHaveLength(0);
  });
});

describe('local issuer key', () => {
  it('is created once, private key readable by the owner only, and reused when opened again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kim-key-'));
    const first = openLocalIssuer(dataDir);
    expect(statSync(keyPaths(dataDir).privateKey).mode & 0o777).toBe(0o600);
    const now = new Date('2026-11-24T09:00:00Z');
    const token = await first.mintToken(intake, now);
    await expect(openLocalIssuer(dataDir).verifyToken(token, now)).resolves.toMatchObject({ sub: 'lena-hoffmann' });
    await expect(openLocalIssuer(mkdtempSync(join(tmpdir(), 'kim-key-'))).verifyToken(token, now)).rejects.toThrow();
  });
});

describe('sign-in page', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kim-sign-in-'));
  const issuer = openLocalIssuer(dataDir);
  const clock = new ManualClock('2026-11-24T09:00:00Z');
  const seen: APIGatewayProxyEventV2WithJWTAuthorizer[] = [];
  const gateway = apiGatewayListener({
    routes,
    handlers: { 'create-intake': (event) => { seen.push(event); return Promise.resolve({ statusCode: 202 }); } },
    issuer,
    clock,
  });
  const signIn = signInListener({ staff: [intake, caseManager], providers: [{ id: 'traeger-a', name: 'Träger A & Co', kind: 'welfare', placeholder: true, municipalities: 'all', focusAreas: ['welcome'] }], issuer, clock });
  let server: RunningServer;

  beforeAll(async () => {
    server = await listen(
      async (request, response) => {
        if ((await gateway(request, response)) || (await signIn(request, response))) return;
        response.writeHead(599).end();
      },
      '127.0.0.1',
      0,
      'PORT',
    );
  });
  afterAll(() => server.close());

  it('lists the demo people escaped, with German roles and provider names, one button each', async () => {
    const response = await fetch(`${server.url}/anmelden`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain('Lena &#60;Hoffmann&#62;');
    expect(html).not.toContain('<Hoffmann>');
    expect(html).toContain('<td>Erstaufnahme</td>');
    expect(html).toContain('<td>Case-Management</td><td>Träger A &#38; Co</td>');
    expect(html).toContain('<button type="submit" name="userId" value="ayse-yilmaz">');
  });

  it('signs in with a token the gateway accepts, handed to /sign-in.js; an unknown person gets 400', async () => {
    const response = await fetch(`${server.url}/anmelden`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'userId=ayse-yilmaz' });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Angemeldet als <strong>Ayşe Yılmaz</strong> (Case-Management)');
    expect(html).toContain('<script type="module" src="/sign-in.js"></script>');
    expect(html).toContain('<a href="/">');
    const token = /data-token="([^"]+)"/.exec(html)?.[1] ?? '';
    const api = await fetch(`${server.url}/api/intakes`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(api.status).toBe(202);
    expect(seen[0]?.requestContext.authorizer.jwt.claims['sub']).toBe('ayse-yilmaz');

    const unknown = await fetch(`${server.url}/anmelden`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'userId=niemand' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Diese Person gibt es in den Demo-Daten nicht.');
  });
});
