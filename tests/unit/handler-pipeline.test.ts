/**
 * The one handler pipeline (functions/_shared): what every HTTP handler answers around its core call — German
 * errors with the right status, no raw body or error message anywhere, security headers on HTML — and how every
 * task names its errors for the state machine's Retry and Catch. Handlers are built here from the pipeline itself,
 * with core calls that refuse, fail or answer as each case needs.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { conflict, forbidden } from '../../core/errors.ts';
import { StepFailed } from '../../core/workflow/workflow-dependencies.ts';
import { VersionConflict } from '../../core/cases/ports.ts';
import { publicHandler, signedInHandler } from '../../functions/_shared/http-pipeline.ts';
import { htmlAnswer } from '../../functions/_shared/http/html-answer.ts';
import { ok } from '../../functions/_shared/http/http-answer.ts';
import { prettyLine } from '../../functions/_shared/logger.ts';
import { caseTaskInput, taskHandler } from '../../functions/_shared/task-pipeline.ts';
import { localLambdaContext } from '../../local/lambda-invocation.ts';

const SECRET = 'Geheimname Zwitscher';

function event(overrides: Partial<APIGatewayProxyEventV2> & { claims?: Record<string, string> } = {}): APIGatewayProxyEventV2 {
  const { claims, ...rest } = overrides;
  return {
    version: '2.0',
    routeKey: 'POST /api/test/{id}',
    rawPath: '/api/test/1',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    requestContext: {
      requestId: 'req-1',
      routeKey: 'POST /api/test/{id}',
      http: { method: 'POST', path: '/api/test/1', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      ...(claims === undefined ? {} : { authorizer: { jwt: { claims, scopes: null } } }),
    },
    pathParameters: { id: '1' },
    isBase64Encoded: false,
    ...rest,
  } as unknown as APIGatewayProxyEventV2;
}

const signedIn = { sub: 'ayse-yilmaz', email: 'ayse.yilmaz@traeger-a.example', 'cognito:groups': '[casemanager]' };
const context = (): Context => localLambdaContext('test-function', 'aws-req-1', 10_000);
const body = (result: APIGatewayProxyStructuredResultV2): Record<string, unknown> => JSON.parse(String(result.body)) as Record<string, unknown>;

/** Everything written to stdout and stderr while `work` runs. */
async function output(work: () => Promise<unknown>): Promise<string> {
  const written: string[] = [];
  const spies = [process.stdout, process.stderr].map((stream) =>
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }),
  );
  try {
    await work();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return written.join('');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the HTTP pipeline', () => {
  const echo = signedInHandler({ path: z.object({ id: z.string().regex(/^\d+$/) }), maxBodyBytes: 64 }, async ({ caller, path, body: sent }) =>
    Promise.resolve(ok({ user: caller.userId, id: path.id, sent: sent.kind === 'json' ? sent.value : Object.fromEntries(sent.value) })),
  );

  it('hands the core call the caller, the checked path and the body', async () => {
    const result = await echo(event({ claims: signedIn, body: '{"a":1}' }), context());
    expect(result.statusCode).toBe(200);
    expect(result.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    expect(body(result)).toEqual({ user: 'ayse-yilmaz', id: '1', sent: { a: 1 } });
    const form = await echo(event({ claims: signedIn, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1&b=zwei' }), context());
    expect(body(form).sent).toEqual({ a: '1', b: 'zwei' });
  });

  it('answers in German with the status of each refusal, and never echoes the body', async () => {
    const signedOut = await echo(event({ body: '{}' }), context());
    expect([signedOut.statusCode, body(signedOut).message]).toEqual([401, 'Bitte melden Sie sich an.']);
    const badPath = await echo(event({ claims: signedIn, pathParameters: { id: 'x' }, body: '{}' }), context());
    expect(badPath.statusCode).toBe(400);
    expect(body(badPath).errors).toEqual([expect.objectContaining({ field: 'id' })]);
    const tooLarge = await echo(event({ claims: signedIn, body: JSON.stringify({ name: SECRET.repeat(10) }) }), context());
    expect(tooLarge.statusCode).toBe(400);
    expect(String(tooLarge.body)).not.toContain('Zwitscher');
    expect(String(tooLarge.body)).toContain('Die Anfrage ist zu groß');
    const notJson = await echo(event({ claims: signedIn, body: `{${SECRET}` }), context());
    expect([notJson.statusCode, body(notJson).errors]).toEqual([400, [{ field: '(gesamt)', message: 'ist kein gültiges JSON' }]]);
    expect(String(notJson.body)).not.toContain('Zwitscher');
    const mediaType = await echo(event({ claims: signedIn, headers: { 'content-type': 'text/plain' }, body: SECRET }), context());
    expect(mediaType.statusCode).toBe(415);
    // Says what to do, not only what went wrong.
    expect(body(mediaType).message).toContain('Bitte senden Sie JSON (Content-Type: application/json) oder ein Formular');

    const refusing = (error: Error) => signedInHandler({}, () => Promise.reject(error));
    expect((await refusing(forbidden())(event({ claims: signedIn }), context())).statusCode).toBe(403);
    const stale = await refusing(conflict('Der Fall wurde zwischenzeitlich geändert.'))(event({ claims: signedIn }), context());
    expect([stale.statusCode, body(stale)]).toEqual([409, { message: 'Der Fall wurde zwischenzeitlich geändert.' }]);
  });

  it('answers 500 in German for anything else and logs its name, not its message', async () => {
    const failing = publicHandler({}, () => Promise.reject(new TypeError(`item ${SECRET} kaputt`)));
    let result: APIGatewayProxyStructuredResultV2 | undefined;
    const logged = await output(async () => {
      result = await failing(event(), context());
    });
    expect(result?.statusCode).toBe(500);
    expect(result === undefined ? {} : body(result)).toEqual({ message: 'Interner Fehler. Bitte später erneut versuchen.' });
    expect(logged).toContain('"errorName":"TypeError"');
    expect(logged).not.toContain('Zwitscher');
  });

  it('puts the security headers on HTML answers only, errors included', async () => {
    const page = publicHandler({}, () => Promise.resolve(htmlAnswer(200, { title: 'Seite', content: '<h1>Seite</h1>' })));
    const html = await page(event(), context());
    expect(html.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff' });
    expect(String(html.headers?.['content-security-policy'])).toContain("frame-ancestors 'none'");
    const json = await echo(event({ claims: signedIn, body: '{}' }), context());
    expect(json.headers?.['content-security-policy']).toBeUndefined();
  });
});

describe('the task pipeline', () => {
  const input = { caseId: 'KIM-2026-0000000H' };

  it('checks the input and hands the step its ids', async () => {
    const step = taskHandler(caseTaskInput, (checked) => Promise.resolve({ status: 'sent', id: checked.caseId }));
    await expect(step(input, context())).resolves.toEqual({ status: 'sent', id: 'KIM-2026-0000000H' });
    await expect(step({ caseId: 'Haddad' }, context())).rejects.toBeInstanceOf(StepFailed);
  });

  it('renames what a retry may fix to KimTransientError and passes everything else on', async () => {
    const throwing = (error: Error) => taskHandler(caseTaskInput, () => Promise.reject(error));
    const throttled = Object.assign(new Error(`throttled ${SECRET}`), { name: 'ThrottlingException' });
    await expect(throwing(throttled)(input, context())).rejects.toMatchObject({ name: 'KimTransientError', message: 'ThrottlingException' });
    await expect(throwing(new VersionConflict())(input, context())).rejects.toMatchObject({ name: 'KimTransientError' });
    await expect(throwing(new StepFailed('case gone'))(input, context())).rejects.toMatchObject({ name: 'StepFailed' });
  });
});

describe('the business metrics', () => {
  it('are published as EMF in the KimFlow namespace with the service dimension, once per invocation', async () => {
    vi.resetModules();
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    try {
      const { count } = await import('../../functions/_shared/metrics.ts');
      const pipeline = await import('../../functions/_shared/task-pipeline.ts');
      const parked = pipeline.taskHandler(pipeline.caseTaskInput, () => Promise.resolve({ status: 'parked' }), { afterStep: () => { count('CasesParked'); } });
      const logged = await output(() => parked(input(), context()));
      const emf = logged.split('\n').filter((line) => line.includes('"_aws"')).map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(emf).toHaveLength(1);
      expect(emf[0]).toMatchObject({ CasesParked: 1, service: 'kim-flow', _aws: { CloudWatchMetrics: [{ Namespace: 'KimFlow', Dimensions: [['service']] }] } });
      const nothing = await output(() => pipeline.taskHandler(pipeline.caseTaskInput, () => Promise.resolve({}))(input(), context()));
      expect(nothing).not.toContain('"_aws"');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  const input = () => ({ caseId: 'KIM-2026-0000000H' });
});

describe('the terminal log line', () => {
  it('shows time, level, function and correlation id first, then the facts', () => {
    expect(
      prettyLine({ level: 'INFO', message: 'request', timestamp: '2026-12-05T10:31:02.345Z', service: 'kim-flow', function_name: 'create-intake', correlation_id: 'r-1', route: 'POST /api/intakes', status: 202, ms: 14, cold_start: true }),
    ).toBe('10:31:02.345 INFO  create-intake r-1  request  route="POST /api/intakes"  status=202  ms=14');
  });
});
