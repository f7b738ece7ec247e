/**
 * What a handler's bundle holds, read from esbuild's metafile of CDK's command: the SDK packages it imports at init
 * (which decide its floor) or only on first use, its bytes per source, and which pipeline it is built on.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod';

const metafileSchema = z.object({
  outputs: z.record(
    z.string(),
    z.object({
      imports: z.array(z.object({ path: z.string(), kind: z.string(), external: z.boolean().optional() })),
      inputs: z.record(z.string(), z.object({ bytesInOutput: z.number() })),
    }),
  ),
});

export interface BundleContents {
  /** Externals (SDK packages) imported statically: evaluated at init. */
  readonly atInit: readonly string[];
  /** Externals only loaded by import() (or require()) when the code runs. */
  readonly onFirstUse: readonly string[];
  /** Bytes in the bundle by source (see `sourceOf`). */
  readonly bytes: Readonly<Record<string, number>>;
  readonly pipeline?: Pipeline;
}

type Pipeline = 'http' | 'task';

/** Which part of the system (or which npm package) a bundled file belongs to. */
function sourceOf(input: string, handler: string): string {
  const npm = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
  if (npm !== undefined) return npm.startsWith('@aws-lambda-powertools/') || npm === '@aws/lambda-invoke-store' ? 'Powertools' : npm.startsWith('@middy/') ? 'middy' : npm;
  if (input.startsWith(`functions/${handler}/`)) return 'own code';
  if (input.startsWith('functions/_shared/')) return 'functions/_shared';
  if (input.startsWith('core/profile/')) return 'profile';
  return input.startsWith('core/') ? 'core' : 'other';
}

export function readContents(metafile: string, handler: string, externals: readonly string[]): BundleContents {
  const meta = metafileSchema.parse(JSON.parse(readFileSync(metafile, 'utf8')));
  const output = Object.entries(meta.outputs).find(([path]) => path.endsWith('.mjs'))?.[1];
  if (output === undefined) throw new Error(`no .mjs output in ${metafile}`);
  // CDK's --external:<pattern> flags, e.g. @aws-sdk/*.
  const isExternal = (path: string): boolean => externals.some((pattern) => (pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern));
  const sdk = output.imports.filter((i) => i.external === true && isExternal(i.path));
  const atInit = [...new Set(sdk.filter((i) => i.kind === 'import-statement').map((i) => i.path))].sort();
  const onFirstUse = [...new Set(sdk.filter((i) => i.kind !== 'import-statement').map((i) => i.path))].filter((path) => !atInit.includes(path)).sort();
  const bytes: Record<string, number> = {};
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const source = sourceOf(input, handler);
    bytes[source] = (bytes[source] ?? 0) + bytesInOutput;
  }
  const inputs = Object.keys(output.inputs);
  const pipeline = inputs.includes('functions/_shared/http-pipeline.ts') ? 'http' : inputs.includes('functions/_shared/task-pipeline.ts') ? 'task' : undefined;
  return { atInit, onFirstUse, bytes, ...(pipeline === undefined ? {} : { pipeline }) };
}
