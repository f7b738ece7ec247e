/**
 * How the bundles part gets its bundles: every function bundled by CDK itself (cdk-bundle.ts in a child process,
 * which also records CDK's esbuild command), and that command replayed with one change for the metafiles, floors,
 * variants and probes — so they are built from CDK's very arguments, not from a copy that could drift.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as z from 'zod';
import { PROJECT_ROOT } from './paths.ts';
import type { Reporter } from './report.ts';

const ESBUILD = join(PROJECT_ROOT, 'node_modules', '.bin', 'esbuild');

const cdkBundleResult = z.object({ name: z.string(), ok: z.boolean(), ms: z.number(), esbuildArgs: z.array(z.string()).optional(), error: z.string().optional() });
export type CdkBundleResult = z.infer<typeof cdkBundleResult>;

/** Runs cdk-bundle.ts in a child process (CDK prints to stderr and spawns esbuild through npx). */
export function bundleWithCdk(reporter: Reporter, dest: string, functions: { name: string; entry: string }[]): Promise<CdkBundleResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/bench/cdk-bundle.ts', JSON.stringify({ dest, functions })], {
      cwd: PROJECT_ROOT,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const results: CdkBundleResult[] = [];
    let buffered = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const parsed = cdkBundleResult.safeParse(JSON.parse(buffered.slice(0, newline)));
        buffered = buffered.slice(newline + 1);
        if (parsed.success) {
          results.push(parsed.data);
          reporter.progress('bundling with CDK', results.length, functions.length);
        }
        newline = buffered.indexOf('\n');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
    child.once('error', reject);
    child.once('close', (code) => {
      if (results.length === functions.length) resolve(results);
      else reject(new Error(`CDK bundling stopped (exit ${String(code)}) after ${results.length} of ${functions.length}:\n${stderr}`));
    });
  });
}

/**
 * CDK's esbuild command again, with another outfile and optionally another entry, without the externals (CDK's
 * `bundleAwsSDK: true`) or with a metafile. Resolves with esbuild's error lines, or undefined when it built.
 */
export function replayEsbuild(cdkArgs: readonly string[], change: { entry?: string; outfile: string; bundleAwsSdk?: boolean; metafile?: string }): Promise<string | undefined> {
  const args = cdkArgs
    .map((arg, i) => (i === 1 && change.entry !== undefined ? change.entry : arg.startsWith('--outfile=') ? `--outfile=${change.outfile}` : arg))
    .filter((arg) => change.bundleAwsSdk !== true || !arg.startsWith('--external:'))
    .concat(change.metafile === undefined ? [] : [`--metafile=${change.metafile}`]);
  mkdirSync(dirname(change.outfile), { recursive: true });
  return new Promise((resolve, reject) => {
    const child = spawn(ESBUILD, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) {
        resolve(undefined);
        return;
      }
      const lines = stderr.split('\n').filter((line) => line.includes('[ERROR]') || /^\s+\S+\.ts:\d+:\d+:$/.test(line));
      // eslint-disable-next-line no-control-regex -- esbuild colours its output
      resolve((lines.length > 0 ? lines : [stderr]).map((line) => line.replace(/\u001b\[[0-9;]*m/g, '').trim()).join(' '));
    });
  });
}
