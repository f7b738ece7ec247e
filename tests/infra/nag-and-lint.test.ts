import { basename } from 'node:path';
import { CfnElement, Stack } from 'aws-cdk-lib';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { ACKNOWLEDGED_CONTROL_TOWER_RULES, addControlTowerRules, CONTROL_TOWER_PLUGIN } from '../../lib/control-tower.ts';
import { addNagPacks, buildKimFlow } from '../../lib/kim-flow-app.ts';
import { addFunctionFixtureStack } from '../fixtures/function-stack.ts';
import { cfnLint, describeFindings, newTestApp, synthesize, type SynthResult, type TestApp } from './synth.ts';

// The whole app through cdk-nag and cfn-guard (its rules on every template take about a minute) and cfn-lint: longer
// than the infra project's default on a shared 2-core machine.
describe('synthesized app: cdk-nag, Control Tower (cfn-guard) and cfn-lint', { timeout: 900_000 }, () => {
  const apps: TestApp[] = [];
  afterEach(() => {
    for (const app of apps.splice(0)) app.cleanup();
  });

  /** The app exactly as bin/kim-flow.ts builds it (same validation plugins, same cdk.json context), plus `extra` stacks. */
  function synthApp(extra?: (testApp: TestApp, data: ReturnType<typeof buildKimFlow>['data']) => void): SynthResult {
    const testApp = newTestApp();
    apps.push(testApp);
    addNagPacks(testApp.app);
    addControlTowerRules(testApp.app);
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

  /**
   * Each Control Tower rule the app does not meet is acknowledged on the very resource (not a parent scope that would
   * also hide the next one), with a reason; and the list of acknowledged rules in lib/control-tower.ts is exactly what is used.
   */
  function expectExplainedControlTowerSuppressions(result: SynthResult): void {
    const suppressed = result.suppressed.filter((entry) => entry.plugin === CONTROL_TOWER_PLUGIN);
    for (const entry of suppressed) {
      expect(entry.paths, `${entry.rule} acknowledged at ${entry.acknowledgedAt}`).toEqual([entry.acknowledgedAt]);
      expect(entry.reason.length, `reason of ${entry.rule} at ${entry.acknowledgedAt}`).toBeGreaterThan(60);
    }
    expect([...new Set(suppressed.map((entry) => entry.rule))].sort()).toEqual([...ACKNOWLEDGED_CONTROL_TOWER_RULES].sort());
  }

  it('the app (data, site, meetings, workflow, sweeper, api, web and monitoring stacks) has no unacknowledged AwsSolutions, Serverless or Control Tower findings and passes cfn-lint', async () => {
    const result = synthApp();
    expect(result.templates.map((file) => basename(file)).sort()).toEqual(
      [
        'kim-flow-dev-api.template.json',
        'kim-flow-dev-data.template.json',
        'kim-flow-dev-meetings.template.json',
        'kim-flow-dev-monitoring.template.json',
        'kim-flow-dev-site.template.json',
        'kim-flow-dev-sweeper.template.json',
        'kim-flow-dev-web.template.json',
        'kim-flow-dev-workflow.template.json',
      ],
    );
    await expectClean(result);
    expectExplainedControlTowerSuppressions(result);
  });

  it('KimFunctions (plain and with table access, across stacks) add no findings either', async () => {
    await expectClean(synthApp((testApp, data) => addFunctionFixtureStack(testApp.app, data)));
  });

  // Keeps the two tests above honest: if findings stopped reaching the report, "no findings" would mean nothing.
  it('detects a finding when one is introduced (a table without point-in-time recovery nor its own key), naming template, resource and rule', () => {
    let logicalId = '';
    const result = synthApp((testApp) => {
      const stack = new Stack(testApp.app, 'kim-flow-canary');
      const table = new Table(stack, 'NoPitr', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
      const resource = table.node.defaultChild;
      if (!(resource instanceof CfnElement)) throw new Error('Table without a CloudFormation resource');
      logicalId = stack.resolve(resource.logicalId) as string;
    });
    expect(result.error).toBeUndefined();
    const path = 'kim-flow-canary/NoPitr/Resource';
    const resource = `kim-flow-canary.template.json ${logicalId}`;
    expect(result.findings).toEqual([
      { plugin: 'AwsSolutions', rule: 'AwsSolutions-DDB3', severity: 'warning', paths: [path], resources: [] },
      { plugin: CONTROL_TOWER_PLUGIN, rule: 'dynamodb_table_pitr_enabled_check', severity: 'error', paths: [path], resources: [resource] },
      { plugin: CONTROL_TOWER_PLUGIN, rule: 'dynamodb_table_encrypted_kms_check', severity: 'error', paths: [path], resources: [resource] },
    ]);
    expect(describeFindings(result.findings)).toContain(`${CONTROL_TOWER_PLUGIN} error dynamodb_table_pitr_enabled_check at ${path} (${resource})`);
  });
});
