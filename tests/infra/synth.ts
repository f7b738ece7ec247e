/** Synthesizes test apps the way `cdk synth` does and reads what cdk-nag (v3, a CDK validation plugin) reported. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import * as z from 'zod';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const execFileAsync = promisify(execFile);

/** The context cdk.json hands the CLI (feature flags): test apps get the same, so they synthesize the same templates. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = z.object({ context: z.record(z.string(), z.unknown()) }).parse(JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')));
  return cdkJson.context;
}

export interface TestApp {
  readonly app: App;
  readonly outdir: string;
  readonly cleanup: () => void;
}

export interface TestAppOptions {
  /**
   * Stacks whose Lambda code is bundled (glob patterns on stack paths, CDK's `aws:cdk:bundling-stacks`). Bundling is
   * what makes a synth slow (esbuild per function), and template assertions, cdk-nag and cfn-lint do not need the
   * code, so by default nothing is bundled; bin/kim-flow.ts (tests/infra/app-entry.test.ts, `npm run synth`) bundles all.
   * @default []
   */
  readonly bundlingStacks?: readonly string[];
}

export function newTestApp(options: TestAppOptions = {}): TestApp {
  const outdir = mkdtempSync(join(tmpdir(), 'kim-flow-cdk-'));
  const cleanup = (): void => {
    rmSync(outdir, { recursive: true, force: true });
  };
  const context = { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [...(options.bundlingStacks ?? [])] };
  return { app: new App({ outdir, context }), outdir, cleanup };
}

// The part of CDK's validation-report.json the tests read. Parsed strictly enough that a changed format fails the
// test instead of reading as "no findings".
const violationSchema = z.object({
  ruleName: z.string(),
  severity: z.string().optional(),
  violatingConstructs: z.array(
    z.object({
      constructPath: z.string(),
      cloudFormationResource: z.object({ templatePath: z.string(), logicalId: z.string() }).optional(),
    }),
  ),
});
const validationReportSchema = z.object({
  pluginReports: z.array(
    z.object({
      pluginName: z.string(),
      violations: z.array(violationSchema),
      // What an acknowledgement (Validations.of(…).acknowledge) took out of `violations`, with its reason.
      suppressedViolations: z.array(violationSchema.extend({ reason: z.string(), acknowledgedAt: z.string() })).optional(),
    }),
  ),
});

export interface Finding {
  readonly plugin: string;
  readonly rule: string;
  readonly severity: string;
  readonly paths: readonly string[];
  /** `<template file> <logical id>` of each violating resource, where the plugin names it (cfn-guard does). */
  readonly resources: readonly string[];
}

export interface Suppression {
  readonly plugin: string;
  readonly rule: string;
  readonly reason: string;
  /** Construct path the acknowledgement was made on. */
  readonly acknowledgedAt: string;
  readonly paths: readonly string[];
}

export interface SynthResult {
  /** Unacknowledged findings of every validation plugin (cdk-nag packs and CDK's own CloudFormation checks). */
  readonly findings: readonly Finding[];
  /** Findings CDK itself left out for an acknowledgement (plugins like cfn-guard; cdk-nag filters its own). */
  readonly suppressed: readonly Suppression[];
  /** Anything else synth threw (a failed validation alone is reported through `findings`). */
  readonly error: Error | undefined;
  readonly templates: readonly string[];
}

/**
 * How findings surface: CDK runs the validation plugins after writing the templates and always writes
 * `validation-report.json` into the cloud assembly. With findings it also fails synth — in-memory (NODE_ENV=test,
 * as under vitest) by throwing a `ValidationFailed` error, under the CLI by printing the report and exiting 1.
 * Acknowledged findings are left out of the report's violations. So: read the report, and treat any other throw
 * as an error of its own.
 */
export function synthesize(app: App, outdir: string): SynthResult {
  let error: Error | undefined;
  try {
    app.synth();
  } catch (thrown) {
    if (!(thrown instanceof Error)) throw thrown;
    if (thrown.name !== 'ValidationFailed') error = thrown;
  }
  const reportPath = join(outdir, 'validation-report.json');
  const report = validationReportSchema.parse(JSON.parse(readFileSync(reportPath, 'utf8')));
  const findings = report.pluginReports.flatMap((plugin) =>
    plugin.violations.map((violation) => ({
      plugin: plugin.pluginName,
      rule: violation.ruleName,
      severity: violation.severity ?? 'unknown',
      paths: violation.violatingConstructs.map((construct) => construct.constructPath),
      resources: violation.violatingConstructs.flatMap(({ cloudFormationResource: resource }) =>
        resource === undefined ? [] : [`${resource.templatePath} ${resource.logicalId}`],
      ),
    })),
  );
  const suppressed = report.pluginReports.flatMap((plugin) =>
    (plugin.suppressedViolations ?? []).map((violation) => ({
      plugin: plugin.pluginName,
      rule: violation.ruleName,
      reason: violation.reason,
      acknowledgedAt: violation.acknowledgedAt,
      paths: violation.violatingConstructs.map((construct) => construct.constructPath),
    })),
  );
  const templates = readdirSync(outdir)
    .filter((file) => file.endsWith('.template.json'))
    .map((file) => join(outdir, file));
  return { findings, suppressed, error, templates };
}

export function describeFindings(findings: readonly Finding[]): string {
  return findings
    .map((f) => `${f.plugin} ${f.severity} ${f.rule} at ${f.paths.join(', ')}${f.resources.length === 0 ? '' : ` (${f.resources.join(', ')})`}`)
    .join('\n');
}

export interface LintResult {
  readonly exitCode: number;
  readonly output: string;
}

/** cfn-lint (on PATH) over the given templates; exit code 0 means no findings. */
export async function cfnLint(templates: readonly string[]): Promise<LintResult> {
  try {
    const { stdout, stderr } = await execFileAsync('cfn-lint', ['--regions', 'eu-central-1', '--', ...templates]);
    return { exitCode: 0, output: stdout + stderr };
  } catch (thrown) {
    const failure = z.object({ code: z.number(), stdout: z.string(), stderr: z.string() }).safeParse(thrown);
    if (!failure.success) throw thrown;
    return { exitCode: failure.data.code, output: failure.data.stdout + failure.data.stderr };
  }
}
