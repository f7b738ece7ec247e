/**
 * Child process of the bench: bundles each function through CDK itself — a KimFunction in a throwaway app with
 * bundling on and cdk.json's context, so NodejsFunction runs esbuild exactly as `cdk synth` does — and copies
 * index.mjs (+ map) to `<dest>/<name>/`. One app per function, so one failing bundle does not stop the others.
 *
 * It also records the esbuild command CDK ran (by wrapping NodejsFunction's `executeBundlingSteps`), so the bench's
 * own variants (the SDK bundled in, probes of single modules) are built from CDK's very arguments, not from a copy
 * of the options in lib/constructs/kim-function.ts that could drift.
 *
 * Usage: node --import tsx tests/bench/cdk-bundle.ts '<json {dest, functions:[{name, entry}]}>'
 * Prints one JSON line per function on stdout: {name, ok, ms, esbuildArgs?, error?}. CDK's messages go to stderr.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import * as z from 'zod';
import { KimFunction } from '../../lib/constructs/kim-function.ts';
import { newTestApp } from '../infra/synth.ts';
import { PROJECT_ROOT } from './paths.ts';

const request = z
  .object({ dest: z.string(), functions: z.array(z.object({ name: z.string(), entry: z.string() })) })
  .parse(JSON.parse(process.argv[2] ?? '{}'));

// NodejsFunction's bundler (aws-cdk-lib/aws-lambda-nodejs/lib/bundling.js, not a public module): the same module
// instance NodejsFunction uses, since CommonJS caches it by file name.
type ExecuteSteps = (this: unknown, scope: unknown, steps: readonly { type?: string; command?: unknown }[]) => unknown;
const bundlingModule = createRequire(import.meta.url)(join(PROJECT_ROOT, 'node_modules/aws-cdk-lib/aws-lambda-nodejs/lib/bundling.js')) as {
  Bundling?: { prototype: { executeBundlingSteps?: ExecuteSteps } };
};
const prototype = bundlingModule.Bundling?.prototype;
const original = prototype?.executeBundlingSteps;
if (prototype === undefined || original === undefined) throw new Error('aws-cdk-lib changed: Bundling.prototype.executeBundlingSteps not found');
let esbuildArgs: string[] | undefined;
prototype.executeBundlingSteps = function (scope, steps) {
  for (const step of steps) {
    if (step.type !== 'spawn' || !Array.isArray(step.command)) continue;
    const command = step.command.map(String);
    const at = command.indexOf('--bundle');
    if (at >= 0) esbuildArgs = command.slice(at);
  }
  return original.call(this, scope, steps);
};

for (const { name, entry } of request.functions) {
  const started = performance.now();
  esbuildArgs = undefined;
  const { app, outdir, cleanup } = newTestApp({ bundlingStacks: ['**'] });
  try {
    const stack = new Stack(app, 'kim-flow-bench', { env: { region: 'eu-central-1' } });
    const fn = new KimFunction(stack, 'Function', { name, entry });
    const resource = fn.function.node.defaultChild;
    if (!(resource instanceof CfnFunction)) throw new Error('NodejsFunction without a CfnFunction');
    const code = z.object({ s3Key: z.string() }).parse(stack.resolve(resource.code));
    const assetDir = join(outdir, `asset.${code.s3Key.replace(/\.zip$/, '')}`);
    if (!existsSync(join(assetDir, 'index.mjs'))) throw new Error(`no index.mjs in ${assetDir}`);
    const target = join(request.dest, name);
    mkdirSync(target, { recursive: true });
    copyFileSync(join(assetDir, 'index.mjs'), join(target, 'index.mjs'));
    if (existsSync(join(assetDir, 'index.mjs.map'))) copyFileSync(join(assetDir, 'index.mjs.map'), join(target, 'index.mjs.map'));
    process.stdout.write(`${JSON.stringify({ name, ok: true, ms: performance.now() - started, esbuildArgs })}\n`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stdout.write(`${JSON.stringify({ name, ok: false, ms: performance.now() - started, esbuildArgs, error: message.split('\n')[0] })}\n`);
  } finally {
    cleanup();
  }
}
