/**
 * The OpenAPI 3.1 document of the HTTP API, written from the route table (functions/api-routes.ts) and the zod
 * schemas it names (`z.toJSONSchema`), so the description says what the handlers and use cases check. Served at
 * GET /api/openapi.json (handler.ts) and written to dist/openapi.json by `npm run openapi` (bin/openapi.ts).
 */
import * as z from 'zod';
import { errorAnswer } from '../_shared/http/route-schemas.ts';
import { API_ROUTES, type DocumentedRoute, type SchemaContext } from '../api-routes.ts';

type JsonSchema = z.core.JSONSchema.JSONSchema;

interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly required: boolean;
  readonly schema: JsonSchema | boolean;
}

interface Response {
  readonly description: string;
  readonly content?: Readonly<Record<string, { readonly schema: JsonSchema }>>;
}

interface Operation {
  readonly summary: string;
  readonly tags: readonly string[];
  readonly security?: readonly [];
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly required: true; readonly content: { readonly 'application/json': { readonly schema: JsonSchema } } };
  readonly responses: Readonly<Record<string, Response | { readonly $ref: string }>>;
}

export interface OpenApiDocument {
  readonly openapi: '3.1.1';
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly security: readonly [{ readonly cognito: readonly [] }];
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
  readonly components: {
    readonly securitySchemes: { readonly cognito: { readonly type: 'http'; readonly scheme: 'bearer'; readonly bearerFormat: 'JWT'; readonly description: string } };
    readonly schemas: { readonly Fehler: JsonSchema };
    readonly responses: Readonly<Record<string, Response>>;
  };
}

// The contract's version, not the package's: raised when a route or a schema changes incompatibly for clients.
const API_VERSION = '1.0.0';
const TEXT: JsonSchema = { type: 'string' };
const ERRORS: Readonly<Record<number, string>> = {
  400: 'Ungültige Anfrage; `errors` nennt die Felder',
  401: 'Nicht angemeldet',
  403: 'Keine Berechtigung',
  404: 'Nicht gefunden',
  409: 'Passt nicht (mehr) zum Stand, z. B. zwischenzeitlich geändert',
  415: 'Nur JSON oder Formular',
  500: 'Interner Fehler',
};

// OpenAPI 3.1's default dialect is JSON Schema 2020-12, so the schemas need no `$schema` of their own.
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io });
  return rest;
}

/** Path parameters from the path template (all required), query parameters from the query schema's properties. */
function parameters(route: DocumentedRoute): Parameter[] {
  const path = route.request?.path === undefined ? undefined : jsonSchema(route.request.path, 'input');
  const query = route.request?.query === undefined ? undefined : jsonSchema(route.request.query, 'input');
  const inPath = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name = '']): Parameter => ({ name, in: 'path', required: true, schema: path?.properties?.[name] ?? { type: 'string' } }));
  const inQuery = Object.entries(query?.properties ?? {}).map(([name, schema]): Parameter => ({ name, in: 'query', required: query?.required?.includes(name) ?? false, schema }));
  return [...inPath, ...inQuery];
}

function responses(route: DocumentedRoute, hasBody: boolean): Operation['responses'] {
  const { answer } = route;
  const json: JsonSchema = answer?.schema === undefined ? { type: 'object' } : jsonSchema(answer.schema, 'output');
  const content = Object.fromEntries((answer?.mediaTypes ?? ['application/json']).map((type) => [type, { schema: type === 'application/json' ? json : TEXT }]));
  const errors = [400, ...(route.public === true ? [] : [401, 403]), 404, ...(route.method === 'GET' ? [] : [409]), ...(hasBody ? [415] : []), 500];
  return {
    [String(answer?.status ?? 200)]: { description: 'Erfolg', content },
    ...Object.fromEntries(errors.map((status) => [String(status), { $ref: `#/components/responses/${String(status)}` }])),
  };
}

function operation(route: DocumentedRoute, context: SchemaContext): Operation {
  const body = route.request?.body;
  const bodySchema = body === undefined ? undefined : jsonSchema(typeof body === 'function' ? body(context) : body, 'input');
  const found = parameters(route);
  return {
    summary: route.summary,
    tags: [route.functionName],
    ...(route.public === true ? { security: [] } : {}),
    ...(found.length === 0 ? {} : { parameters: found }),
    ...(bodySchema === undefined ? {} : { requestBody: { required: true, content: { 'application/json': { schema: bodySchema } } } }),
    responses: responses(route, bodySchema !== undefined),
  };
}

/** The document for one district profile (its municipalities, services, … are the enums of the bodies). */
export function openApiDocument(context: SchemaContext): OpenApiDocument {
  const paths: Record<string, Record<string, Operation>> = {};
  for (const route of API_ROUTES) paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route, context) };
  return {
    openapi: '3.1.1',
    info: {
      title: 'KIM Flow API',
      version: API_VERSION,
      description:
        `Die HTTP-API von KIM Flow (${context.profile.district.name}). Angemeldet wird mit dem ID-Token aus Cognito; ` +
        'öffentlich sind nur die signierten Links aus Einladungen, der OParl-Feed und diese Beschreibung. ' +
        'Fehler antworten mit einem deutschen Satz (`message`) und bei ungültigen Eingaben den Feldfehlern (`errors`).',
    },
    security: [{ cognito: [] }],
    paths,
    components: {
      securitySchemes: { cognito: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'ID-Token aus Cognito (lokal: `npm run -s token -- <Rolle>`)' } },
      schemas: { Fehler: jsonSchema(errorAnswer, 'output') },
      // Every error has the same body; each status once here, referenced by the operations.
      responses: Object.fromEntries(
        Object.entries(ERRORS).map(([status, description]) => [status, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Fehler' } } } }]),
      ),
    },
  };
}
