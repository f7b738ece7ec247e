import { basename } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { addNagPacks, buildKimFlow } from '../../lib/kim-flow-app.ts';
import { addFunctionFixtureStack } from '../fixtures/function-stack.ts';
import { cfnLint, describeFindings, newTestApp, synthesize, type SynthResult, type TestApp } from './synth.ts';

describe('synthesized app: cdk-nag and cfn-lint', () => {
  const apps: TestApp[] = [];
  afterEach(() => {
    for (const app of apps.splice(0)) app.cleanup();
  });

  /** The app exactly as bin/kim-flow.ts builds it (same nag packs, same cdk.json context), plus `extra` stacks. */
  function synthApp(extra?: (testApp: TestApp, data: ReturnType<typeof buildKimFlow>['data']) => void): SynthResult {
    const testApp = newTestApp();
    apps.push(testApp);
    addNagPacks(testApp.app);
    const { data } = buildKimFlow(testApp.app, { stage: 'dev' });
    extra?.(testApp, data);
    return synthesize(testApp.app, testApp.outdir);
  }

  async function expectClean(result: SynthResult): Promise<void> {
    expect(result.error).toBeUndefined();
    expect(describeFindings(result.findings), 'unacknowledged validation findings').toBe('');
    expect(result.templates.length).toBeGreaterThan(0);
    const lint = await cfnLint(result.templates);
    expect(lint.exitCode, `cfn-lint found problems:\n${lint.output}`).toBe(0);
  }

  it('the app (data, meetings, workflow, sweeper, api, web and monitoring stacks) has no unacknowledged AwsSolutions or Serverless findings and passes cfn-lint', async () => {
    const result = synthApp();
    expect(result.templates.map((file) => basename(file)).sort()).toEqual(
      [
        'kim-flow-dev-api.template.json',
        'kim-flow-dev-data.template.json',
        'kim-flow-dev-meetings.template.json',
        'kim-flow-dev-monitoring.template.json',
        'kim-flow-dev-sweeper.template.json',
        'kim-flow-dev-web.template.json',
        'kim-flow-dev-workflow.template.json',
      ],
    );
    await expectClean(result);
  });

  it('KimFunctions (plain and with table access, across stacks) add no findings either', async () => {
    await expectClean(synthApp((testApp, data) => addFunctionFixtureStack(testApp.app, data)));
  });

  // Keeps the two tests above honest: if findings stopped reaching the report, "no findings" would mean nothing.
  it('detects a finding when one is introduced (a table without point-in-time recovery)', () => {
    const result = synthApp((testApp) => {
      const stack = new Stack(testApp.app, 'kim-flow-canary');
      new Table(stack, 'NoPitr', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
    });
    expect(result.error).toBeUndefined();
    expect(result.findings).toEqual([
      { plugin: 'AwsSolutions', rule: 'AwsSolutions-DDB3', severity: 'warning', paths: ['kim-flow-canary/NoPitr/Resource'] },
    ]);
  });
});
