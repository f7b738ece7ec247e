import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseStage } from '../../lib/config.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const execFileAsync = promisify(execFile);

/** Runs bin/kim-flow.ts as the CDK CLI does: context and output directory through the environment. */
async function runApp(context: Record<string, unknown>): Promise<{ exitCode: number; stderr: string; outdir: string }> {
  const outdir = mkdtempSync(join(tmpdir(), 'kim-flow-bin-'));
  const env = { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: outdir };
  try {
    const { stderr } = await execFileAsync(process.execPath, ['--import', 'tsx', 'bin/kim-flow.ts'], { cwd: PROJECT_ROOT, env });
    return { exitCode: 0, stderr, outdir };
  } catch (thrown) {
    const { code, stderr } = thrown as { code: number; stderr: string };
    return { exitCode: code, stderr, outdir };
  }
}

describe('stage (CDK context "stage")', () => {
  it('defaults to dev and accepts the known stages', () => {
    expect(parseStage(undefined)).toBe('dev');
    expect(parseStage('prod')).toBe('prod');
  });

  it('rejects anything else with one sentence naming the context key', () => {
    expect(() => parseStage('production')).toThrow(ConfigError);
    expect(() => parseStage('production')).toThrow('Der CDK-Kontextwert "stage" muss dev, staging oder prod sein, nicht "production"');
  });

  it('bin/kim-flow.ts stops with that sentence alone, or synthesizes the stage', async () => {
    const [bad, good] = await Promise.all([runApp({ stage: 'nope' }), runApp({ stage: 'staging' })]);
    try {
      expect(bad.exitCode).toBe(1);
      expect(bad.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Der CDK-Kontextwert "stage" muss .* nicht "nope"/)]);
      expect(good.exitCode, good.stderr).toBe(0);
      expect(existsSync(join(good.outdir, 'kim-flow-staging-data.template.json'))).toBe(true);
    } finally {
      for (const run of [bad, good]) rmSync(run.outdir, { recursive: true, force: true });
    }
  });
});
