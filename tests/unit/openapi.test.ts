import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it, vi } from 'vitest';
import { localDate } from '../../core/calendar/local-date.ts';
import { ManualClock } from '../../core/clock.ts';
import { bundledProfile } from '../../core/profile/bundled-profile.ts';
import { API_ROUTES } from '../../functions/api-routes.ts';
import { handler } from '../../functions/openapi/handler.ts';
import { openApiDocument, type OpenApiDocument } from '../../functions/openapi/openapi-document.ts';
import { apiGatewayListener } from '../../local/api-gateway.ts';
import { openLocalIssuer } from '../../local/auth/local-issuer.ts';
import { listen, type RunningServer } from '../../local/http-server.ts';

const profile = bundledProfile();
const clock = new ManualClock('2026-11-24T09:00:00Z');
const document = openApiDocument({ profile, today: localDate(clock.now(), profile.district.timeZone) });

/** Every JSON Schema in the document: request bodies, parameters, answers, components. */
function schemasOf(doc: OpenApiDocument): unknown[] {
  const found: unknown[] = [];
  const visit = (value: unknown, key: string): void => {
    if (key === 'schema') {
      found.push(value);
      return;
    }
    if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) visit(v, k);
  };
  visit(doc.paths, '');
  return [...found, ...Object.values(doc.components.schemas)];
}

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    // As JSON on the wire (a string would be taken for a file name).
    const result = await validator.validate(JSON.parse(JSON.stringify(document)) as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('describes every route of the route table and no other, signed-in ones with the bearer JWT', () => {
    const described = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    expect(described.sort()).toEqual(API_ROUTES.map((route) => `${route.method} ${route.path}`).sort());
    for (const route of API_ROUTES) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation?.security, route.path).toEqual(route.public === true ? [] : undefined);
      const pathParameters = (operation?.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      expect(pathParameters, route.path).toEqual([...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]));
    }
    expect(document.security).toEqual([{ cognito: [] }]);
    expect(document.components.securitySchemes.cognito).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  });

  it('has schemas a JSON Schema 2020-12 validator compiles strictly, from the same zod schemas the API checks', () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats.default(ajv);
    // `$ref`s point into the document's components; resolved here as the document would.
    ajv.addSchema(document.components.schemas.Fehler, '#/components/schemas/Fehler');
    for (const schema of schemasOf(document)) expect(() => ajv.compile(typeof schema === 'object' && schema !== null && '$ref' in schema ? {} : (schema as object))).not.toThrow();

    const intake = document.paths['/api/intakes']?.post;
    const answer = intake?.responses['202'];
    const accepted = ajv.compile(answer !== undefined && 'content' in answer ? (answer.content?.['application/json']?.schema ?? {}) : {});
    expect(accepted({ caseId: 'KIM-2026-0000000H', status: 'intake' })).toBe(true);
    expect(accepted({ caseId: 'KIM-2026-0000000H', status: 'erfunden' })).toBe(false);
    const body = intake?.requestBody?.content['application/json'].schema ?? {};
    expect(JSON.stringify(body)).toContain(profile.municipalities[0]?.id);
    expect(ajv.validate(body, { familyName: 'Yılmaz' })).toBe(false);
  });

  it('is served at GET /api/openapi.json without sign-in, exactly as generated', async () => {
    // The handler's process environment, as the API stack gives it every function.
    vi.stubEnv('AWS_REGION', 'eu-central-1');
    vi.stubEnv('TABLE_NAME', 'kim-flow');
    vi.stubEnv('MAIL_FROM', 'kim@kreis-dueren.example');
    vi.stubEnv('APP_URL', 'https://kim.kreis-dueren.example');
    let server: RunningServer | undefined;
    try {
      const gateway = apiGatewayListener({ routes: API_ROUTES, handlers: { openapi: handler }, issuer: openLocalIssuer(mkdtempSync(join(tmpdir(), 'kim-openapi-'))), clock });
      server = await listen(
        async (request, response) => {
          if (!(await gateway(request, response))) response.writeHead(599).end();
        },
        '127.0.0.1',
        0,
        'PORT',
      );
      const response = await fetch(`${server.url}/api/openapi.json`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      // Built with the real clock's day: the dates only feed refinements, which JSON Schema does not carry.
      expect(await response.json()).toEqual(document);
    } finally {
      await server?.close();
      vi.unstubAllEnvs();
    }
  });
});
