/**
 * What costs what: probes (one part of what handlers load, alone as the entry: middy, the Powertools Logger and
 * Metrics, zod, the profile, each pipeline) and variants of create-intake (what a change would give), each built by
 * replaying CDK's esbuild command with this entry.
 */
import { join } from 'node:path';
import { PROJECT_ROOT } from './paths.ts';

const moduleUrl = (path: string): string => JSON.stringify(join(PROJECT_ROOT, path));

export interface Entry {
  readonly id: string;
  readonly kind: 'variant' | 'probe';
  readonly label: string;
  readonly contents: string;
  readonly what: string;
}

/** A probe of one first-party module: the module alone as the entry. */
const moduleProbe = (id: string, label: string, path: string, what: string): Entry => ({ id, kind: 'probe', label, contents: `export * from ${moduleUrl(path)};\n`, what });

/**
 * Probes: one part of what handlers load, alone on hello-world (on a floor's SDK instead, the floor's own spread of
 * ±50 ms on this machine hid them). Variants of create-intake: what a change would give.
 */
export const ENTRIES: readonly Entry[] = [
  {
    id: 'deferred-imports',
    kind: 'variant',
    label: 'create-intake, own code loaded on first call',
    contents: `export const handler = async (event) => (await import(${moduleUrl('functions/create-intake/handler.ts')})).handler(event);\n`,
    what: 'the handler module loaded by import() inside the handler; esbuild keeps the SDK imports static, so the SDK still loads at init',
  },
  moduleProbe('http-pipeline', 'http-pipeline.ts (all an API handler shares)', 'functions/_shared/http-pipeline.ts', 'middy, Powertools Logger (+ injectLambdaContext) and Metrics, zod, the German errors, the middlewares: every API handler loads this'),
  moduleProbe('task-pipeline', 'task-pipeline.ts (all a task handler shares)', 'functions/_shared/task-pipeline.ts', 'middy, Powertools Logger and Metrics, zod, the step log and transient errors: every task function loads this'),
  {
    id: 'middy',
    kind: 'probe',
    label: 'only @middy/core',
    contents: "import middy from '@middy/core';\nexport const wrapped = middy(async () => ({ statusCode: 200 }));\n",
    what: 'middy itself, one handler wrapped',
  },
  {
    id: 'http-router',
    kind: 'probe',
    label: 'only @middy/http-router',
    contents: "export { default } from '@middy/http-router';\n",
    what: 'the router of meetings-api, meeting-links and oparl',
  },
  {
    id: 'logger',
    kind: 'probe',
    label: 'only Powertools Logger (logger.ts + middleware)',
    contents: `export * from ${moduleUrl('functions/_shared/logger.ts')};\nexport { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';\n`,
    what: 'the Logger as every handler builds it at init, with the middleware that adds the Lambda context',
  },
  {
    id: 'metrics',
    kind: 'probe',
    label: 'only Powertools Metrics',
    contents: "import { Metrics } from '@aws-lambda-powertools/metrics';\nexport const metrics = new Metrics({ namespace: 'KimFlow' });\n",
    what: 'Metrics built at init, without the Logger (metrics.ts gives it ours)',
  },
  {
    id: 'zod',
    kind: 'probe',
    label: 'only zod (as the code imports it, German)',
    contents: `import * as z from 'zod';\nimport ${moduleUrl('core/validation/zod-german.ts')};\nexport const parsed = z.object({ id: z.string().min(1) }).safeParse({ id: 'x' }).success;\n`,
    what: 'zod by namespace import with the German locale; `import { z } from "zod"` anywhere in a bundle keeps all of zod and its 60 locales (~440 KB)',
  },
  moduleProbe('bundled-profile', 'only profile/bundled-profile.ts', 'core/profile/bundled-profile.ts', 'the district profile JSON and its zod schemas (parsed on first use, not at init)'),
  moduleProbe('process-dependencies', 'only dependencies/process.ts (base part)', 'functions/_shared/dependencies/process.ts', 'what every handler loads besides the SDK and the pipeline: zod, the profile and its schema, the working calendar, the environment parser'),
  moduleProbe('mime-composer', 'only the MIME composer (compose-mime.ts)', 'core/mail/compose-mime.ts', 'nodemailer’s composer: loaded at init (preload-mail.ts) by the functions that send on every invocation, on top of their SES floor'),
  {
    id: 'dynamodb-no-client',
    kind: 'probe',
    label: 'DynamoDB packages imported, no client built',
    contents: "import '@aws-sdk/client-dynamodb';\nimport '@aws-sdk/lib-dynamodb';\nexport const handler = async () => ({ statusCode: 200 });\n",
    what: 'handlers build their clients on first use, floors at init: floor:DynamoDB minus this is what building them costs',
  },
];
