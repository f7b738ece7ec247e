import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyDocument, PolicyStatement, Role, ServicePrincipal, type IGrantable, type IPrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, CfnFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { TABLE_DEFINITION } from '../../core/table/table-definition.ts';
import { DISTRICT_PROFILE_VARIABLE } from '../../core/profile/bundled-profile.ts';
import { acknowledgeControlTowerRule } from '../control-tower.ts';
import { districtProfileJson } from '../config.ts';
import { kimLogGroup } from './log-group.ts';
import { GRANTED_UNUSED_METADATA, tableActions, type TableAccess } from './table-access.ts';

/** Repository root, from this file's place (lib/constructs/), so synth does not depend on the working directory. */
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Node major shared by Lambda, `npm start` and the tests (the project's `node` devDependency). */
const RUNTIME = Runtime.NODEJS_22_X;

/** ESM bundles have no `require`; some dependencies still call it (CommonJS inside ESM). */
const ESM_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

export interface KimFunctionProps {
  /** kebab-case folder under functions/; the handler is functions/<name>/handler.ts. */
  readonly name: string;
  /** Handler file, absolute or relative to the repository root. @default functions/<name>/handler.ts */
  readonly entry?: string;
  readonly description?: string;
  /** The table the function uses: sets TABLE_NAME and grants exactly these actions (and the key's Decrypt). */
  readonly table?: { readonly table: ITable; readonly access: TableAccess };
  /** @default 512 */
  readonly memorySize?: number;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** Caps concurrency, e.g. to protect a downstream service. @default - unreserved */
  readonly reservedConcurrentExecutions?: number;
  /** Added to (and may not override) the defaults. */
  readonly environment?: Readonly<Record<string, string>>;
  /** @default one year (kimLogGroup) */
  readonly logRetention?: RetentionDays;
}

/**
 * THE Lambda wrapper: every function of KIM Flow gets the same runtime, bundling, logging, tracing and a role
 * without managed policies. Stacks grant further permissions through `grantPrincipal` (e.g. `queue.grantSend(fn)`).
 */
export class KimFunction extends Construct implements IGrantable {
  public readonly function: NodejsFunction;
  public readonly role: Role;
  public readonly logGroup: LogGroup;
  public readonly grantPrincipal: IPrincipal;
  /** kebab-case name: its folder under functions/. */
  public readonly name: string;
  /** The table sets it was given (none without a table): the declared need its DynamoDB grant must match. */
  public readonly tableAccess: TableAccess;
  /** Granted actions a rehearsal may see unused, with the reason they are needed (GRANTED_UNUSED_METADATA). */
  private readonly grantedUnused = new Map<string, string>();

  constructor(scope: Construct, id: string, props: KimFunctionProps) {
    super(scope, id);
    this.name = props.name;
    this.tableAccess = props.table?.access ?? [];
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(props.name)) {
      throw new Error(`KimFunction name must be kebab-case (it names the folder under functions/), got "${props.name}".`);
    }

    // RETAIN: the logs of a removed function are kept for incident analysis; retention still empties the group.
    this.logGroup = kimLogGroup(this, 'LogGroup', {
      ...(props.logRetention === undefined ? {} : { retention: props.logRetention }),
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // An explicit role: NodejsFunction's own role would carry the AWSLambdaBasicExecutionRole managed policy
    // (cdk-nag AwsSolutions-IAM4) with logs:CreateLogGroup/PutLogEvents on every log group in the account.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `KIM Flow function ${props.name}`,
      inlinePolicies: {
        runtime: new PolicyDocument({
          statements: [
            new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }),
            new PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }),
          ],
        }),
      },
    });
    this.grantPrincipal = this.role;
    const roleResource = this.role.node.defaultChild;
    if (roleResource === undefined) throw new Error('Role without a CloudFormation resource');
    // Narrowest scope: the role resource itself (its fixed inline policy), not its DefaultPolicy, where later
    // grants land and a wildcard must still be reported.
    Validations.of(roleResource).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments and PutTelemetryRecords do not support resource-level permissions, so their Resource must be "*". ' +
        "This fixed inline policy holds only these two actions and write access to the function's own log group.",
    });
    Validations.of(roleResource).acknowledge({
      id: 'Serverless-LambdaStarPermissions',
      reason:
        'The only "*" is the Resource of the two X-Ray actions above, which have no resource-level permissions ' +
        '(see AwsSolutions-IAM5); every other statement names its resources.',
    });

    this.function = new NodejsFunction(this, 'Function', {
      entry: resolve(PROJECT_ROOT, props.entry ?? `functions/${props.name}/handler.ts`),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: resolve(PROJECT_ROOT, 'package-lock.json'),
      description: props.description ?? `KIM Flow: ${props.name}`,
      runtime: RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        ...props.environment,
        NODE_OPTIONS: '--enable-source-maps',
        // The Logger's level (functions/_shared/logger.ts); the service name and metrics namespace are in the code.
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...(props.table ? { TABLE_NAME: props.table.table.tableName } : {}),
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        // Stack traces map to file and line without shipping the sources.
        sourcesContent: false,
        banner: ESM_REQUIRE_BANNER,
        // Resolve packages as Node does: the handlers are written for (and tested under) Node's own ESM loader, where a
        // package without an "exports" map loads its "main". An ESM "module" entry can export differently: rrule's has
        // no default export, which core/meetings/schedule.ts imports because that is all Node gives it.
        mainFields: ['main', 'module'],
        // The deployment's own district profile, if synth was given one (core/profile/bundled-profile.ts).
        ...districtProfileDefine(this),
        logLevel: LogLevel.WARNING,
      },
    });

    const functionResource = this.function.node.defaultChild;
    if (!(functionResource instanceof CfnFunction)) throw new Error('NodejsFunction without a CfnFunction');
    // Tracing set on the resource rather than via the `tracing` prop: the prop would add the X-Ray statement
    // (Resource "*") to the role's DefaultPolicy, where acknowledging it would also hide later wildcard grants.
    functionResource.tracingConfig = { mode: Tracing.ACTIVE };
    // cfn-lint W3005: CDK makes the function DependsOn its role (and the role's DefaultPolicy, which must exist before
    // the first invocation) although Properties.Role already GetAtts the role; redundant, harmless, generated.
    functionResource.addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });
    Validations.of(functionResource).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Every KIM function is invoked synchronously: by the HTTP API (the caller gets the error) or by a Step Functions ' +
        'Task with Retry and Catch (a failed case is parked as needs-attention). A dead-letter queue only ever receives ' +
        'failed asynchronous invocations, which do not occur; the monitoring stack alarms on function errors instead.',
    });
    Validations.of(functionResource).acknowledge({
      id: 'Serverless-LambdaLatestVersion',
      reason:
        'nodejs22.x on purpose, as for AwsSolutions-L1 below: Lambda, `npm start` and the tests share one Node major.',
    });
    acknowledgeControlTowerRule(
      functionResource,
      'lambda_inside_vpc_check',
      'KIM Flow has nothing in a VPC: the functions reach DynamoDB, Step Functions, SES, Secrets Manager and Cognito through ' +
        'their public endpoints over TLS, with IAM deciding every call. A VPC would add NAT or a VPC endpoint per service ' +
        '(cost and more to operate) and protect no network resource, since there is none.',
    );
    Validations.of(functionResource).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x on purpose: local runs and tests use the same Node 22 (the project pins node@22), so Lambda, ' +
        '`npm start` and the tests share one major; Lambda supports nodejs22.x until 2027-04-30. Move all three together.',
    });

    if (props.table) this.grantTable(props.table.table, props.table.access);
  }

  /**
   * Names a granted action that the rehearsal may see unused, with the path of the code that needs it: written to the
   * role's metadata (GRANTED_UNUSED_METADATA), where local/rehearsal/principals.ts reads it and the report shows the
   * reason instead of counting the grant as unused.
   */
  public explainGrant(action: string, reason: string): void {
    this.grantedUnused.set(action, reason);
    const roleResource = this.role.node.defaultChild;
    if (!(roleResource instanceof CfnResource)) throw new Error('Role without a CloudFormation resource');
    roleResource.addMetadata(GRANTED_UNUSED_METADATA, Object.fromEntries(this.grantedUnused));
  }

  /**
   * Explicit statements rather than `table.grantReadData(...)`: CDK's grants use `<table>/index/*`,
   * `kms:GenerateDataKey*` and `kms:ReEncrypt*`, wildcards cdk-nag (IAM5) reports. Here every action is one the code
   * sends (table-access.ts), the indexes are named (from the shared table definition) and only granted to a function
   * that queries.
   */
  private grantTable(table: ITable, access: TableAccess): void {
    const { actions, unrehearsed } = tableActions(access);
    if (actions.length === 0) return;
    const indexes = actions.includes('dynamodb:Query') ? TABLE_DEFINITION.globalSecondaryIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`) : [];
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [table.tableArn, ...indexes] }));
    for (const [action, reason] of unrehearsed) if (actions.includes(action)) this.explainGrant(action, reason);
    if (table.encryptionKey) {
      // With a customer managed key DynamoDB asks KMS to decrypt the table key with the caller's permissions, for reads
      // and writes alike ("How Amazon DynamoDB uses AWS KMS", Developer Guide: DynamoDB calls Decrypt when an encrypted
      // table is accessed, and encrypts items with that table key itself). GenerateDataKey makes the table key when the
      // table is created, DescribeKey checks the key then (CloudFormation's role, not a function's): neither is granted.
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [table.encryptionKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` } },
        }),
      );
      this.explainGrant('kms:Decrypt', 'DynamoDB entschlüsselt den Tabellenschlüssel mit den Rechten des Aufrufers, bei jedem Zugriff auf die Tabelle.');
    }
  }
}

function districtProfileDefine(scope: Construct): { define?: Record<string, string> } {
  const profileJson = districtProfileJson(scope);
  return profileJson === undefined ? {} : { define: { [`process.env.${DISTRICT_PROFILE_VARIABLE}`]: JSON.stringify(profileJson) } };
}
