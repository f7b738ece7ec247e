/**
 * Least privilege across the whole app: no IAM statement allows every action, and a statement on every resource
 * ("*") exists only for actions without resource-level permissions and only where it is acknowledged (cdk-nag
 * AwsSolutions-IAM5) on the policy or role itself — so an acknowledgement can never hide a new wildcard grant.
 */
import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { CfnManagedPolicy, CfnPolicy, CfnRole } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKimFlow } from '../../lib/kim-flow-app.ts';
import { renderNagResource } from '../../lib/nag-resource-name.ts';
import { newTestApp, type TestApp } from './synth.ts';

/** Actions that support no resource-level permissions (IAM Service Authorization Reference), so "*" is their only resource. */
const RESOURCELESS_ACTIONS = new Set([
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
]);

interface FoundStatement {
  readonly path: string;
  readonly actions: readonly string[];
  /** Resources as cdk-nag writes them in finding ids (`{"Ref":"X"}` → `<X>`). */
  readonly resources: readonly string[];
  readonly acknowledged: ReadonlySet<string>;
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** Rule ids acknowledged on this construct or its ancestors (cdk-nag reads them the same way). */
function acknowledgedRules(construct: IConstruct): Set<string> {
  const ids = new Set<string>();
  for (let current: IConstruct | undefined = construct; current !== undefined; current = current.node.scope) {
    for (const entry of current.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || typeof entry.data !== 'object' || entry.data === null) continue;
      for (const key of Object.keys(entry.data as object)) ids.add(key.replace(/^annotation::/i, ''));
    }
  }
  return ids;
}

function policyDocuments(resource: CfnResource): unknown[] {
  const stack = Stack.of(resource);
  if (resource instanceof CfnPolicy || resource instanceof CfnManagedPolicy) return [stack.resolve(resource.policyDocument)];
  if (resource instanceof CfnRole) {
    return asList(stack.resolve(resource.policies)).map((policy) => (policy as { policyDocument: unknown }).policyDocument);
  }
  return [];
}

function iamStatements(stacks: readonly Stack[]): FoundStatement[] {
  return stacks.flatMap((stack) =>
    stack.node
      .findAll()
      .filter((c): c is CfnResource => c instanceof CfnResource)
      .flatMap((resource) =>
        policyDocuments(resource).flatMap((document) =>
          asList((document as { Statement?: unknown }).Statement).map((raw) => {
            const statement = raw as { Effect?: string; Action?: unknown; Resource?: unknown };
            return {
              path: resource.node.path,
              actions: asList(statement.Action).map(renderNagResource),
              resources: asList(statement.Resource).map(renderNagResource),
              acknowledged: acknowledgedRules(resource),
            };
          }),
        ),
      ),
  );
}

describe('IAM policies of the whole app', () => {
  let testApp: TestApp;
  let statements: FoundStatement[];

  beforeAll(() => {
    testApp = newTestApp();
    const flow = buildKimFlow(testApp.app, { stage: 'dev' });
    statements = iamStatements([flow.data, flow.meetings, flow.workflow, flow.api, flow.web]);
  });
  afterAll(() => {
    testApp.cleanup();
  });

  it('are found (roles of every function, of the state machines and of the schedule)', () => {
    expect(statements.length).toBeGreaterThan(30);
    expect(statements.some((s) => s.path.includes('IntakeToReferral/Role'))).toBe(true);
    expect(statements.some((s) => s.path.includes('MeetingNotifications/Role'))).toBe(true);
    expect(statements.some((s) => s.path.includes('ScheduleRole'))).toBe(true);
  });

  it('never allow every action, nor a wildcard action', () => {
    expect(statements.filter((s) => s.actions.some((a) => a.includes('*'))).map((s) => `${s.path}: ${s.actions.join(',')}`)).toEqual([]);
  });

  it('use Resource "*" only for actions without resource-level permissions, and only where acknowledged', () => {
    const offending = statements
      .filter((s) => s.resources.includes('*'))
      .filter((s) => !s.acknowledged.has('AwsSolutions-IAM5[Resource::*]') || s.actions.some((a) => !RESOURCELESS_ACTIONS.has(a)))
      .map((s) => `${s.path}: ${s.actions.join(',')}`);
    expect(offending).toEqual([]);
  });

  it('acknowledge every other resource wildcard by its exact finding', () => {
    const offending = statements.flatMap((s) =>
      s.resources
        .filter((r) => r !== '*' && r.includes('*'))
        .filter((r) => ![...s.acknowledged].some((id) => id.startsWith('AwsSolutions-IAM5[Resource::') && id.endsWith(`${r.slice(r.lastIndexOf(':') + 1)}]`)))
        .map((r) => `${s.path}: ${r}`),
    );
    expect(offending).toEqual([]);
    // The only such wildcards so far: SES identities, for the functions that send mail, the objects the web
    // deployment copies (the site bucket, CDK's asset bucket `cdk-…-<AWS::AccountId>-eu-central-1`, cut at its last
    // colon), and the case executions the API's additions after the assessment stop (execution names are made at run time).
    const shortened = (r: string): string => (r.includes(':execution:') ? r.slice(r.indexOf(':execution:') + 1) : r.replace(/^.*:/, ''));
    expect(new Set(statements.flatMap((s) => s.resources.filter((r) => r !== '*' && r.includes('*')).map(shortened)))).toEqual(
      new Set(['identity/*', '<SiteBucket397A1860.Arn>/*', 'AccountId>-eu-central-1/*', 'execution:kim-flow-dev-intake-to-referral:*']),
    );
  });
});
