import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ArnFormat, Duration, RemovalPolicy, Stack, Token, Validations, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ConfigurationSet, ConfigurationSetTlsPolicy, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import {
  CfnStateMachine,
  CustomerManagedEncryptionConfiguration,
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { functionArnPlaceholder, STATE_MACHINE_TASKS, type TaskFunctionName } from '../../functions/task-functions.ts';
import { KimFunction, type TableAccess } from '../constructs/kim-function.ts';
import type { DeployConfig } from '../config.ts';
import { pascalCase } from '../naming.ts';

/** The state machine this stack deploys, as named in functions/task-functions.ts and state-machines/. */
export const INTAKE_TO_REFERRAL = 'intake-to-referral';

/** `state-machines/<name>.asl.json`, from this file's place (lib/stacks/), independent of the working directory. */
export function aslPath(name: string): string {
  return fileURLToPath(new URL(`../../state-machines/${name}.asl.json`, import.meta.url));
}

/** Every `${Placeholder}` of an ASL text, in order of first appearance. */
export function aslPlaceholders(asl: string): string[] {
  return [...new Set([...asl.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((match) => match[1] ?? ''))];
}

/**
 * What each task function does besides the table (see core/workflow/): whether it sends mail (SES) and whether it
 * answers its own wait with SendTaskSuccess when the answer came before the token was stored. Typed against
 * STATE_MACHINE_TASKS, so a new task function does not compile until its permissions are decided here.
 */
const TASK_ACCESS: Readonly<Record<TaskFunctionName<typeof INTAKE_TO_REFERRAL>, { readonly table: TableAccess; readonly sendsMail: boolean; readonly answersOwnWait: boolean }>> = {
  'triage-case': { table: 'read-write', sendsMail: true, answersOwnWait: false },
  'assign-case-manager': { table: 'read-write', sendsMail: true, answersOwnWait: false },
  'notify-case-manager': { table: 'read-write', sendsMail: true, answersOwnWait: false },
  'assessment-timer': { table: 'read-write', sendsMail: true, answersOwnWait: false },
  'await-assessment': { table: 'read-write', sendsMail: false, answersOwnWait: true },
  'list-open-referrals': { table: 'read', sendsMail: false, answersOwnWait: false },
  'send-referral': { table: 'read-write', sendsMail: true, answersOwnWait: false },
  'outcome-timer': { table: 'read-write', sendsMail: true, answersOwnWait: false },
  'await-outcome': { table: 'read-write', sendsMail: false, answersOwnWait: true },
  'await-closure': { table: 'read-write', sendsMail: false, answersOwnWait: true },
  'park-case': { table: 'read-write', sendsMail: true, answersOwnWait: false },
};

export interface WorkflowStackProps extends StackProps {
  readonly config: DeployConfig;
  /** The data stack's table; its key (customer managed) also encrypts the state machine's executions. */
  readonly table: ITable;
  readonly tableKey: IKey;
}

/**
 * The intake-to-referral workflow: one Lambda per task function, the Standard state machine from the ASL file
 * (logging ALL without execution data, X-Ray, encrypted with the table's key), and the SES configuration set the
 * mails go through.
 */
export class WorkflowStack extends Stack {
  public readonly stateMachine: StateMachine;
  public readonly taskFunctions: ReadonlyMap<TaskFunctionName<typeof INTAKE_TO_REFERRAL>, KimFunction>;
  public readonly configurationSet: ConfigurationSet;
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: WorkflowStackProps) {
    super(scope, id, props);
    const { stage } = props.config;
    const stateMachineName = `kim-flow-${stage}-${INTAKE_TO_REFERRAL}`;
    // Known before the state machine exists: the task functions that answer their own wait need it, and the state
    // machine needs their ARNs, so a reference to the resource would be a cycle.
    const stateMachineArn = this.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    this.configurationSet = new ConfigurationSet(this, 'MailConfigurationSet', {
      configurationSetName: `kim-flow-${stage}`,
      // Addresses that bounced or complained are not mailed again (account-level suppression list, per set).
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
      // Mails carry case links and referral details: never in clear text between mail servers.
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
    });
    const sendMail = new PolicyStatement({
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resources: [
        this.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' }),
        this.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSet.configurationSetName }),
      ],
    });

    // How cdk-nag spells the wildcard it reports (tokens as <AWS::…>), so the acknowledgement names exactly this one.
    const literal = (value: string, token: string): string => (Token.isUnresolved(value) ? `<${token}>` : value);
    const sesIdentitiesFinding = `AwsSolutions-IAM5[Resource::arn:${literal(this.partition, 'AWS::Partition')}:ses:${this.region}:${literal(this.account, 'AWS::AccountId')}:identity/*]`;

    const taskFunctions = new Map<TaskFunctionName<typeof INTAKE_TO_REFERRAL>, KimFunction>();
    for (const name of STATE_MACHINE_TASKS[INTAKE_TO_REFERRAL]) {
      const access = TASK_ACCESS[name];
      const fn = new KimFunction(this, pascalCase(name), {
        name,
        description: `KIM Flow (${stage}): task ${name} of ${INTAKE_TO_REFERRAL}`,
        table: { table: props.table, access: access.table },
        environment: {
          MAIL_FROM: props.config.mailFrom,
          APP_URL: props.config.appUrl,
          SES_CONFIGURATION_SET: this.configurationSet.configurationSetName,
        },
      });
      if (access.sendsMail) grantSendMail(fn, sendMail, sesIdentitiesFinding);
      if (access.answersOwnWait) {
        fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: [stateMachineArn] }));
      }
      taskFunctions.set(name, fn);
    }
    this.taskFunctions = taskFunctions;

    const asl = readFileSync(aslPath(INTAKE_TO_REFERRAL), 'utf8');
    const definitionSubstitutions: Record<string, string> = { TableName: props.table.tableName };
    for (const [name, fn] of taskFunctions) definitionSubstitutions[functionArnPlaceholder(name)] = fn.function.functionArn;
    const unfilled = aslPlaceholders(asl).filter((placeholder) => !(placeholder in definitionSubstitutions));
    const unused = Object.keys(definitionSubstitutions).filter((key) => !asl.includes(`\${${key}}`));
    if (unfilled.length > 0 || unused.length > 0) {
      throw new Error(
        `state-machines/${INTAKE_TO_REFERRAL}.asl.json and functions/task-functions.ts disagree: ` +
          `placeholders without a value: ${unfilled.join(', ') || '–'}; values without a placeholder: ${unused.join(', ') || '–'}.`,
      );
    }

    // The /aws/vendedlogs/ prefix keeps Step Functions from adding this group to the account's CloudWatch Logs
    // resource policy (size-limited); a fixed name, like the table, so operators find it.
    this.logGroup = new LogGroup(this, 'StateMachineLogs', {
      logGroupName: `/aws/vendedlogs/states/${stateMachineName}`,
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.stateMachine = new StateMachine(this, 'IntakeToReferral', {
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
    // LoadCase reads the case's stage directly (dynamodb:getItem integration), hence the table and its key.
    this.stateMachine.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [props.table.tableArn] }));
    this.stateMachine.addToRolePolicy(new PolicyStatement({ actions: ['kms:Decrypt'], resources: [props.tableKey.keyArn] }));

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

/** ses:SendEmail in its own policy, so the acknowledged wildcard (identity/*) covers this statement and nothing else. */
function grantSendMail(fn: KimFunction, statement: PolicyStatement, wildcardFinding: string): void {
  const policy = new Policy(fn, 'SendMail', { statements: [statement], roles: [fn.role] });
  fn.function.node.addDependency(policy);
  const resource = policy.node.defaultChild;
  if (resource === undefined) throw new Error('Policy without a CloudFormation resource');
  Validations.of(resource).acknowledge({
    id: wildcardFinding,
    reason:
      'SES authorizes sending against every verified identity involved: the sender (address or domain) and, while the ' +
      'account is in the SES sandbox, each recipient address too. The sender identities are created with the meetings/SES ' +
      'setup (issue 6); until then the statement is scoped to SES identities of this account and region, plus this ' +
      "stage's configuration set, and only functions that send mail get it.",
  });
}
