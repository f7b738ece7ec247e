/**
 * Every npm script that runs one of our TypeScript commands, as a process: `--help` prints the usage and ends
 * with 0 before the command does anything (npm start starts nothing, the build writes nothing); an unknown option
 * is one German sentence and exit code 2. The commands come from package.json, so a new one is checked too.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ROOT } from '../fixtures/npm-start.ts';

const scripts = z.object({ scripts: z.record(z.string(), z.string()) }).parse(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))).scripts;
const COMMANDS = Object.entries(scripts).flatMap(([script, line]) => {
  const file = /\bnode --import tsx (\S+\.ts)$/.exec(line)?.[1];
  return file === undefined ? [] : [{ script, file }];
});

const scratch = mkdtempSync(join(tmpdir(), 'kim-command-line-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs the file as its npm script does (Node 22 of node_modules/.bin, tsx), with its own data dir. */
function runCommand(file: string, args: readonly string[], env: Record<string, string> = {}): Promise<Finished> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', file, ...args], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr, ms: Date.now() - started });
    });
  });
}

describe('commands (package.json scripts)', () => {
  it('are found: start, token, reconcile, staff, build, bench', () => {
    expect(COMMANDS.map((c) => c.script)).toEqual(expect.arrayContaining(['start', 'token', 'reconcile', 'staff', 'build', 'bench']));
  });

  it.each(COMMANDS)('npm run $script -- --help prints the usage and exits 0; an unknown option exits 2', async ({ script, file }) => {
    const dataDir = join(scratch, `${script}-data`);
    const help = await runCommand(file, ['--help'], { KIM_DATA_DIR: dataDir });
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`^Aufruf: npm (run (-s )?)?${script}\\b`));
    expect(help.stdout).toContain('-h, --help');
    expect(help.stderr).toBe('');

    const wrong = await runCommand(file, ['--gibt-es-nicht'], { KIM_DATA_DIR: dataDir });
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toContain('Unbekannte Option „--gibt-es-nicht“.');
    expect(wrong.stderr).toMatch(new RegExp(`\\nHilfe: npm (run (-s )?)?${script} -- --help\\n$`));
    // Nothing ran: the local commands would have created their data dir.
    expect(existsSync(dataDir)).toBe(false);
  });

  it('npm start -- --help starts nothing: no data dir, no server, quickly', async () => {
    const dataDir = join(scratch, 'start-help');
    const help = await runCommand('local/start.ts', ['-h'], { KIM_DATA_DIR: dataDir, PORT: '1' });
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).not.toContain('KIM Flow läuft');
    for (const variable of ['KIM_DATA_DIR', 'KIM_HOST', 'PORT', 'DYNAMODB_PORT', 'STEPFUNCTIONS_PORT', 'SES_PORT', 'KIM_TIME_SCALE', 'KIM_PROFILE']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${variable} +\\S`, 'm'));
    }
    expect(existsSync(dataDir)).toBe(false);
    // Loading the module graph with tsx is the cost; nothing waits for Java or a port.
    expect(help.ms).toBeLessThan(20_000);
  });

  it('npm run build -- --help <dir> builds nothing', async () => {
    const outDir = join(scratch, 'web');
    const help = await runCommand('web/build.ts', ['--help', outDir]);
    expect(help.code, help.stderr).toBe(0);
    expect(existsSync(outDir)).toBe(false);
  });
});
