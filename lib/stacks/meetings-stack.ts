import { CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { Role } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import { ScheduleExpression, type Schedule } from 'aws-cdk-lib/aws-scheduler';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { ConfigurationSet, ConfigurationSetTlsPolicy, DkimIdentity, EasyDkimSigningKeyLength, EmailIdentity, Identity, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { TaskFunctionName } from '../../functions/task-functions.ts';
import type { KimFunction } from '../constructs/kim-function.ts';
import { grantLinkSecret } from '../constructs/link-secret.ts';
import { scheduleStateMachine } from '../constructs/state-machine-schedule.ts';
import { BATCH_WRITES, CONDITIONAL_PUTS, MINUTES_FOLLOW_UP, QUERIES } from '../constructs/table-access.ts';
import { TaskStateMachine, type TaskFunctionAccess } from '../constructs/task-state-machine.ts';
import { mailDomain, type DeployConfig } from '../config.ts';

/** The state machine this stack deploys, as named in functions/task-functions.ts and state-machines/. */
export const MEETING_NOTIFICATIONS = 'meeting-notifications';

/** How often the reconciler runs (issue 4: every 15 minutes; `npm start` runs the same on the local clock). */
export const RECONCILE_EVERY = Duration.minutes(15);

/**
 * What each task function does (core/meetings/reconcile.ts): its table access (lib/constructs/table-access.ts) and
 * whether it sends mail. Typed against STATE_MACHINE_TASKS, so a new task function does not compile until its
 * permissions are decided here.
 */
export const MEETING_TASK_ACCESS: Readonly<Record<TaskFunctionName<typeof MEETING_NOTIFICATIONS>, TaskFunctionAccess>> = {
  // Materialises every body's meetings up to the end of next year and moves planned ones to the profile's schedule
  // (conditional puts); sends nothing, signs nothing.
  'plan-meeting-notifications': { table: [QUERIES, CONDITIONAL_PUTS], sendsMail: false, answersOwnWait: false, timeout: Duration.seconds(30) },
  // Sends the missing mails of one meeting, one SES call per recipient (a Jour fixe has a few dozen), each marked sent.
  'reconcile-meeting': { table: [QUERIES, CONDITIONAL_PUTS, BATCH_WRITES, MINUTES_FOLLOW_UP], sendsMail: true, answersOwnWait: false, timeout: Duration.seconds(60) },
};

export interface MeetingsStackProps extends StackProps {
  readonly config: DeployConfig;
  /** The data stack's table; its key also encrypts the executions and the link-signing secret. */
  readonly table: ITable;
  readonly tableKey: IKey;
}

/**
 * Meetings: the stage's SES configuration set (every mail of KIM Flow goes through it, the workflow's too), the key
 * that signs RSVP links and calendar-feed URLs, the meeting-notifications state machine with its task functions,
 * and the EventBridge Scheduler schedule that starts it every 15 minutes.
 */
export class MeetingsStack extends Stack {
  public readonly configurationSet: ConfigurationSet;
  public readonly senderIdentity: EmailIdentity;
  public readonly linkSecret: Secret;
  public readonly stateMachine: StateMachine;
  public readonly taskFunctions: ReadonlyMap<TaskFunctionName<typeof MEETING_NOTIFICATIONS>, KimFunction>;
  public readonly logGroup: LogGroup;
  public readonly schedule: Schedule;
  public readonly scheduleRole: Role;
  public readonly scheduleDeadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: MeetingsStackProps) {
    super(scope, id, props);
    const { stage } = props.config;
    const secretName = `kim-flow-${stage}-link-signing`;

    this.configurationSet = new ConfigurationSet(this, 'MailConfigurationSet', {
      configurationSetName: `kim-flow-${stage}`,
      // Addresses that bounced or complained are not mailed again (account-level suppression list, per set).
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      reputationMetrics: true,
      // Mails carry case links, referral details and RSVP links: never in clear text between mail servers.
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
    });

    // The sender's domain as an SES identity with Easy DKIM (2048-bit), its mails through the configuration set by
    // default. SES sends only once the domain is verified: the Kreis's DNS must carry the three CNAME records in the
    // outputs (README, "SES: sender domain and leaving the sandbox").
    const senderDomain = mailDomain(props.config.mailFrom);
    this.senderIdentity = new EmailIdentity(this, 'SenderDomain', {
      identity: Identity.domain(senderDomain),
      configurationSet: this.configurationSet,
      dkimSigning: true,
      dkimIdentity: DkimIdentity.easyDkim(EasyDkimSigningKeyLength.RSA_2048_BIT),
    });
    this.senderIdentity.dkimRecords.forEach((record, index) => {
      new CfnOutput(this, `SenderDomainDkimRecord${String(index + 1)}`, {
        value: `${record.name} CNAME ${record.value}`,
        description: `DNS record ${String(index + 1)} of 3 that verifies ${senderDomain} for SES (DKIM)`,
      });
    });

    // A fixed name, like the table: a replacement fails loudly instead of quietly creating a new key, which would
    // invalidate every RSVP link and calendar-feed URL already sent.
    this.linkSecret = new Secret(this, 'LinkSigningSecret', {
      secretName,
      description: `KIM Flow (${stage}): HMAC key of RSVP links and calendar-feed URLs; replacing it invalidates the links already sent`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      encryptionKey: props.tableKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const secretResource = this.linkSecret.node.defaultChild;
    if (secretResource === undefined) throw new Error('Secret without a CloudFormation resource');
    Validations.of(secretResource).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The secret is the HMAC key of the RSVP links in invitations and of the calendar-feed URLs people subscribed to; ' +
        'rotating it invalidates every link already sent, so it must not rotate on a timer. Replacing it (e.g. after a ' +
        'suspected leak) is a deliberate operator step, described in the README ("Deploying (operations)").',
    });

    // 'Default': see TaskStateMachine (one per stack, the same logical-id scheme as the workflow stack).
    const notifications = new TaskStateMachine(this, 'Default', {
      machine: MEETING_NOTIFICATIONS,
      config: props.config,
      table: props.table,
      tableKey: props.tableKey,
      configurationSet: this.configurationSet,
      access: MEETING_TASK_ACCESS,
    });
    this.stateMachine = notifications.stateMachine;
    this.taskFunctions = notifications.taskFunctions;
    this.logGroup = notifications.logGroup;
    // Only the reconciler signs RSVP links (its mails carry them); the planner writes occurrences only.
    const reconciler = this.taskFunctions.get('reconcile-meeting');
    if (reconciler === undefined) throw new Error('meeting-notifications without its task function reconcile-meeting');
    grantLinkSecret(reconciler, this.linkSecret);

    const reconcile = scheduleStateMachine(this, {
      stateMachine: this.stateMachine,
      roleDescription: `KIM Flow (${stage}): EventBridge Scheduler starts ${MEETING_NOTIFICATIONS}`,
      scheduleName: `kim-flow-${stage}-${MEETING_NOTIFICATIONS}`,
      description: `KIM Flow (${stage}): reconcile meeting notifications every ${RECONCILE_EVERY.toMinutes()} minutes`,
      expression: ScheduleExpression.rate(RECONCILE_EVERY),
      // A start older than the interval is superseded by the next run (which sends everything due by then).
      maxEventAge: RECONCILE_EVERY,
      ids: { queue: 'ScheduleDeadLetterQueue', role: 'ScheduleRole', schedule: 'ReconcileSchedule' },
    });
    this.schedule = reconcile.schedule;
    this.scheduleRole = reconcile.role;
    this.scheduleDeadLetterQueue = reconcile.deadLetterQueue;

    new CfnOutput(this, 'MeetingNotificationsStateMachineArn', {
      value: this.stateMachine.stateMachineArn,
      description: 'Start on demand: aws stepfunctions start-execution --state-machine-arn <this> --input {}',
    });
    new CfnOutput(this, 'LinkSigningSecretName', { value: secretName, description: 'Secrets Manager: HMAC key of RSVP links and calendar feeds' });
  }
}
