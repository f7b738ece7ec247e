/**
 * Reading request bodies strictly (functions/_shared/http/request-body.ts) and the pipeline's parameters: a lone
 * surrogate spelt as a JSON escape, percent-encoded bytes that are not UTF-8 in a form, raw invalid UTF-8, a text
 * body that is itself ill-formed, a path or query parameter and a task input are all refused, never replaced by
 * U+FFFD; well-formed text (emoji included) passes unchanged.
 */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Refusal } from '../../core/errors.ts';
import { ILL_FORMED_MESSAGE } from '../../core/validation/well-formed.ts';
import { StepFailed } from '../../core/workflow/workflow-dependencies.ts';
import { publicHandler } from '../../functions/_shared/http-pipeline.ts';
import { ok } from '../../functions/_shared/http/http-answer.ts';
import { readRequestBody, type RequestBody } from '../../functions/_shared/http/request-body.ts';
import { caseTokenTaskInput, taskHandler } from '../../functions/_shared/task-pipeline.ts';
import { localLambdaContext } from '../../local/lambda-invocation.ts';

const JSON_TYPE = { 'content-type': 'application/json' };
const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded' };

const read = (headers: Record<string, string>, body: string, isBase64Encoded = false): RequestBody => readRequestBody({ headers, body, isBase64Encoded }, 10_000);

function refusal(run: () => unknown): Refusal {
  try {
    run();
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('readRequestBody', () => {
  it('refuses JSON escapes that spell lone surrogates, naming each field', () => {
    const refused = refusal(() => read(JSON_TYPE, '{"needs":{"description":"a\\ud800"},"address":{"street":"\\udc00\\ud800"},"ok":"\\ud83d\\ude00"}'));
    expect(refused.kind).toBe('invalid-input');
    expect(refused.errors).toEqual([
      { field: 'needs.description', message: ILL_FORMED_MESSAGE },
      { field: 'address.street', message: ILL_FORMED_MESSAGE },
    ]);
  });

  it('passes well-formed JSON and forms unchanged, emoji pairs included', () => {
    expect(read(JSON_TYPE, '{"text":"\\ud83d\\ude00 Straße"}')).toEqual({ kind: 'json', value: { text: '😀 Straße' } });
    const form = read(FORM_TYPE, 'needs.description=Wohnung+%F0%9F%8F%A0&name=M%C3%BCller&broken=%zz');
    expect(form.kind === 'form' ? Object.fromEntries(form.value) : undefined).toEqual({ 'needs.description': 'Wohnung 🏠', name: 'Müller', broken: '%zz' });
  });

  it('refuses form fields whose percent-encoding is not UTF-8, by field name, instead of turning them into U+FFFD', () => {
    const refused = refusal(() => read(FORM_TYPE, 'familyName=Haddad&needs.description=Wohnung%ED%A0%80&address.street=%ED%B0%80&city=%FF'));
    expect(refused.errors).toEqual([
      { field: 'needs.description', message: ILL_FORMED_MESSAGE },
      { field: 'address.street', message: ILL_FORMED_MESSAGE },
      { field: 'city', message: ILL_FORMED_MESSAGE },
    ]);
  });

  it('refuses raw invalid UTF-8 and a text body that is itself ill-formed, as the whole document', () => {
    const invalidBytes = Buffer.concat([Buffer.from('{"text":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]).toString('base64');
    expect(refusal(() => read(JSON_TYPE, invalidBytes, true)).errors).toEqual([{ field: '(gesamt)', message: ILL_FORMED_MESSAGE }]);
    expect(refusal(() => read(JSON_TYPE, '{"text":"\ud800"}')).errors).toEqual([{ field: '(gesamt)', message: ILL_FORMED_MESSAGE }]);
  });
});

describe('the pipelines’ other inputs', () => {
  const context = (): Context => localLambdaContext('test-function', 'aws-req-1', 10_000);
  const event = (parameters: Partial<APIGatewayProxyEventV2>): APIGatewayProxyEventV2 =>
    ({
      version: '2.0',
      routeKey: 'GET /api/test/{id}',
      rawPath: '/api/test/1',
      rawQueryString: '',
      headers: {},
      requestContext: { requestId: 'req-1', routeKey: 'GET /api/test/{id}', http: { method: 'GET', path: '/api/test/1', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' } },
      isBase64Encoded: false,
      ...parameters,
    }) as unknown as APIGatewayProxyEventV2;
  const handler = publicHandler({ path: z.object({ id: z.string() }), query: z.object({ q: z.string().optional() }) }, ({ path }) => Promise.resolve(ok({ id: path.id })));

  it('refuses a lone surrogate in a path or query parameter with 400 and the parameter named', async () => {
    const byPath = await handler(event({ pathParameters: { id: 'a\ud800' } }), context());
    expect(byPath.statusCode).toBe(400);
    expect(JSON.parse(byPath.body ?? '{}')).toMatchObject({ errors: [{ field: 'id', message: ILL_FORMED_MESSAGE }] });
    const byQuery = await handler(event({ pathParameters: { id: '1' }, queryStringParameters: { q: '\udc00' } }), context());
    expect(JSON.parse(byQuery.body ?? '{}')).toMatchObject({ errors: [{ field: 'q', message: ILL_FORMED_MESSAGE }] });
    expect((await handler(event({ pathParameters: { id: '😀' } }), context())).statusCode).toBe(200);
  });

  it('fails a task whose input carries a lone surrogate the schema alone would take', async () => {
    const step = taskHandler(caseTokenTaskInput, () => Promise.resolve({ status: 'sent' }));
    await expect(step({ caseId: 'KIM-2026-0000000H', taskToken: 'token-😀' }, context())).resolves.toEqual({ status: 'sent' });
    await expect(step({ caseId: 'KIM-2026-0000000H', taskToken: 'token-\ud800' }, context())).rejects.toBeInstanceOf(StepFailed);
  });
});
