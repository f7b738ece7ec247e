import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IConfigurationSet } from 'aws-cdk-lib/aws-ses';
import {
  CfnStateMachine,
  CustomerManagedEncryptionConfiguration,
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { functionArnPlaceholder, STATE_MACHINE_TASKS, type StateMachineName, type TaskFunctionName } from '../../functions/task-functions.ts';
import type { DeployConfig } from '../config.ts';
import { pascalCase } from '../naming.ts';
import { KimFunction } from './kim-function.ts';
import { kimLogGroup } from './log-group.ts';
import type { TableAccess } from './table-access.ts';
import { grantTaskAnswers } from './task-answers.ts';

/** `state-machines/<name>.asl.json`, from this file's place (lib/constructs/), independent of the working directory. */
export function aslPath(name: string): string {
  return fileURLToPath(new URL(`../../state-machines/${name}.asl.json`, import.meta.url));
}

/** Every `${Placeholder}` of an ASL text, in order of first appearance. */
export function aslPlaceholders(asl: string): string[] {
  return [...new Set([...asl.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((match) => match[1] ?? ''))];
}

/** What one task function may do besides its table access; decided per function in the stack that deploys it. */
export interface TaskFunctionAccess {
  readonly table: TableAccess;
  /** ses:SendEmail through the stage's configuration set. */
  readonly sendsMail: boolean;
  /** states:SendTaskSuccess, for a wait answered before its token was stored. */
  readonly answersOwnWait: boolean;
  /** Grants besides the table's (e.g. `ses:SendEmail`) that only a rare path uses, with that path (KimFunction.explainGrant). */
  readonly unrehearsed?: Readonly<Record<string, string>>;
  /** @default 10 seconds (KimFunction) */
  readonly timeout?: Duration;
}

export interface TaskStateMachineProps<M extends StateMachineName> {
  /** The state machine: its ASL file under state-machines/ and its task functions in functions/task-functions.ts. */
  readonly machine: M;
  readonly config: DeployConfig;
  /** The table every task function uses; its key (customer managed) also encrypts the executions. */
  readonly table: ITable;
  readonly tableKey: IKey;
  /** The stage's SES configuration set: in every function's environment, and in the mail permission. */
  readonly configurationSet: IConfigurationSet;
  /** Typed against STATE_MACHINE_TASKS: a new task function does not compile until its permissions are decided. */
  readonly access: Readonly<Record<TaskFunctionName<M>, TaskFunctionAccess>>;
  /** Values of ASL placeholders other than the function ARNs (e.g. `TableName`). */
  readonly substitutions?: Readonly<Record<string, string>>;
}

/**
 * One state machine of KIM Flow from its ASL file: one KimFunction per task function, the ASL inlined with every
 * placeholder substituted (synth stops on a placeholder without a value or a value without a placeholder), a
 * Standard state machine logging ALL without execution data to its own log group, traced with X-Ray, encrypted with
 * the table's key, allowed to invoke exactly its task functions.
 *
 * Stacks add it with the id 'Default': CDK leaves that id out of logical ids, so the resources keep the logical ids
 * they had before this construct was extracted from the workflow stack (and a deployed stack is updated in place
 * instead of replacing its named state machine). One per stack, then.
 */
export class TaskStateMachine<M extends StateMachineName> extends Construct {
  public readonly stateMachine: StateMachine;
  public readonly taskFunctions: ReadonlyMap<TaskFunctionName<M>, KimFunction>;
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: TaskStateMachineProps<M>) {
    super(scope, id);
    const stack = Stack.of(this);
    const { stage } = props.config;
    const { machine } = props;
    const stateMachineName = `kim-flow-${stage}-${machine}`;
    const sendMail = sendMailStatement(stack, props.configurationSet);
    const taskFunctions = new Map<TaskFunctionName<M>, KimFunction>();
    const names: readonly TaskFunctionName<M>[] = STATE_MACHINE_TASKS[machine];
    for (const name of names) {
      const access = props.access[name];
      const fn = new KimFunction(this, pascalCase(name), {
        name,
        description: `KIM Flow (${stage}): task ${name} of ${machine}`,
        table: { table: props.table, access: access.table },
        ...(access.timeout === undefined ? {} : { timeout: access.timeout }),
        environment: {
          MAIL_FROM: props.config.mailFrom,
          APP_URL: props.config.appUrl,
          SES_CONFIGURATION_SET: props.configurationSet.configurationSetName,
        },
      });
      if (access.sendsMail) grantSendMail(fn, sendMail);
      if (access.answersOwnWait) {
        grantTaskAnswers(fn);
        fn.explainGrant('states:SendTaskSuccess', 'Beantwortet das eigene Warten nur, wenn die Antwort kam, bevor das Task-Token gespeichert war.');
      }
      for (const [action, reason] of Object.entries(access.unrehearsed ?? {})) fn.explainGrant(action, reason);
      taskFunctions.set(name, fn);
    }
    this.taskFunctions = taskFunctions;

    const asl = readFileSync(aslPath(machine), 'utf8');
    const definitionSubstitutions: Record<string, string> = { ...props.substitutions };
    for (const [name, fn] of taskFunctions) definitionSubstitutions[functionArnPlaceholder(name)] = fn.function.functionArn;
    const unfilled = aslPlaceholders(asl).filter((placeholder) => !(placeholder in definitionSubstitutions));
    const unused = Object.keys(definitionSubstitutions).filter((key) => !asl.includes(`\${${key}}`));
    if (unfilled.length > 0 || unused.length > 0) {
      throw new Error(
        `state-machines/${machine}.asl.json and functions/task-functions.ts disagree: ` +
          `placeholders without a value: ${unfilled.join(', ') || '–'}; values without a placeholder: ${unused.join(', ') || '–'}.`,
      );
    }

    // The /aws/vendedlogs/ prefix keeps Step Functions from adding this group to the account's CloudWatch Logs
    // resource policy (size-limited); a fixed name, like the table, so operators find it.
    this.logGroup = kimLogGroup(this, 'StateMachineLogs', {
      logGroupName: `/aws/vendedlogs/states/${stateMachineName}`,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.stateMachine = new StateMachine(this, pascalCase(machine), {
      stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      // Inline (not an S3 asset) so the template, cfn-lint and the console show the very ASL file the local engine runs.
      definitionBody: DefinitionBody.fromString(asl),
      definitionSubstitutions,
      // Executions carry ids only; the logs leave execution data out all the same (no input, output or task payloads).
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
      // Definition and execution history under the table's key. CDK grants the state machine's role kms:Decrypt and
      // kms:GenerateDataKey bound to this state machine (and to log delivery) by encryption context, and adds to the
      // key's policy (data stack) that CloudWatch Logs delivery may decrypt. Step Functions encrypts the data of
      // StartExecution and SendTaskSuccess with the role's permissions, so the callers get no key access here; to be
      // confirmed on the first deploy (KmsAccessDeniedException would say otherwise).
      encryptionConfiguration: new CustomerManagedEncryptionConfiguration(props.tableKey, Duration.minutes(5)),
    });
    // cfn-lint W3005, as for KimFunction: CDK makes the state machine DependsOn its role (and DefaultPolicy) although
    // RoleArn already GetAtts the role; redundant, harmless, generated.
    const stateMachineResource = this.stateMachine.node.defaultChild;
    if (!(stateMachineResource instanceof CfnStateMachine)) throw new Error('StateMachine without a CfnStateMachine');
    stateMachineResource.addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [...taskFunctions.values()].map((fn) => fn.function.functionArn) }),
    );

    const roleDefaultPolicy = this.stateMachine.role.node.tryFindChild('DefaultPolicy')?.node.defaultChild;
    if (roleDefaultPolicy === undefined) throw new Error('state machine role without a DefaultPolicy');
    Validations.of(roleDefaultPolicy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Added by CDK for logging and tracing of the state machine: the CloudWatch Logs delivery actions (logs:CreateLogDelivery, ' +
        'GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies, ' +
        'DescribeLogGroups) and X-Ray (PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) support no ' +
        'resource-level permissions. Every other statement of this policy names its resources (tests/infra/iam-policies.test.ts ' +
        'allows "*" for exactly these actions).',
    });
  }
}

/**
 * ses:SendEmail for SES identities of this account and region, through this configuration set only. The mailer sends
 * raw MIME through the SES v2 API's SendEmail (core/adapters/ses-mailer.ts), which IAM authorizes as ses:SendEmail;
 * ses:SendRawEmail is the v1 API's action and is not granted.
 */
export function sendMailStatement(stack: Stack, configurationSet: IConfigurationSet): PolicyStatement {
  return new PolicyStatement({
    actions: ['ses:SendEmail'],
    resources: [
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' }),
      stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSet.configurationSetName }),
    ],
  });
}

/** ses:SendEmail in its own policy, so the acknowledged wildcard (identity/*) covers this statement and nothing else. */
export function grantSendMail(fn: KimFunction, statement: PolicyStatement): void {
  const stack = Stack.of(fn);
  // How cdk-nag spells the wildcard it reports (tokens as <AWS::…>), so the acknowledgement names exactly this one.
  const literal = (value: string, token: string): string => (Token.isUnresolved(value) ? `<${token}>` : value);
  const finding = `AwsSolutions-IAM5[Resource::arn:${literal(stack.partition, 'AWS::Partition')}:ses:${stack.region}:${literal(stack.account, 'AWS::AccountId')}:identity/*]`;
  const policy = new Policy(fn, 'SendMail', { statements: [statement], roles: [fn.role] });
  fn.function.node.addDependency(policy);
  const resource = policy.node.defaultChild;
  if (resource === undefined) throw new Error('Policy without a CloudFormation resource');
  Validations.of(resource).acknowledge({
    id: finding,
    reason:
      'SES authorizes sending against every verified identity involved: the sender (address or domain) and, while the ' +
      'account is in the SES sandbox, each recipient address too. The sender identities are created with the SES ' +
      'setup of the production deployment (issue 6); until then the statement is scoped to SES identities of this account ' +
      "and region, plus this stage's configuration set, and only functions that send mail get it.",
  });
}
