import { Stack, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IConfigurationSet } from 'aws-cdk-lib/aws-ses';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { TaskFunctionName } from '../../functions/task-functions.ts';
import type { KimFunction } from '../constructs/kim-function.ts';
import { grantLinkSecret } from '../constructs/link-secret.ts';
import { BATCH_WRITES, CASE_CHANGES, CONSENT_CHECK, ITEM_UPDATES, NOTICE_CLAIMS, READS, RECORD_WRITES, TOKEN_WAIT } from '../constructs/table-access.ts';
import { TaskStateMachine, type TaskFunctionAccess } from '../constructs/task-state-machine.ts';
import type { DeployConfig } from '../config.ts';

/** The state machine this stack deploys, as named in functions/task-functions.ts and state-machines/. */
export const INTAKE_TO_REFERRAL = 'intake-to-referral';

/**
 * What each task function does (see core/workflow/): its table access (lib/constructs/table-access.ts), whether it
 * sends mail (SES) and whether it answers its own wait with SendTaskSuccess when the answer came before the token was
 * stored. Typed against STATE_MACHINE_TASKS, so a new task function does not compile until its permissions are
 * decided here.
 */
export const INTAKE_TASK_ACCESS: Readonly<Record<TaskFunctionName<typeof INTAKE_TO_REFERRAL>, TaskFunctionAccess>> = {
  'triage-case': {
    table: [CASE_CHANGES, NOTICE_CLAIMS],
    sendsMail: true,
    answersOwnWait: false,
    unrehearsed: { 'ses:SendEmail': 'Die Triage schreibt der Koordination nur bei einer Versorgungslücke (core/workflow/triage-case.ts, gapReported).' },
  },
  'assign-case-manager': {
    table: [CASE_CHANGES, NOTICE_CLAIMS],
    sendsMail: true,
    answersOwnWait: false,
    unrehearsed: { 'ses:SendEmail': 'Die Koordination erhält nur dann eine Mail, wenn niemand frei ist (Warteliste, core/workflow/assign-case-manager.ts).' },
  },
  'notify-case-manager': { table: [CASE_CHANGES, NOTICE_CLAIMS], sendsMail: true, answersOwnWait: false },
  'assessment-timer': { table: [CASE_CHANGES, NOTICE_CLAIMS], sendsMail: true, answersOwnWait: false },
  'await-assessment': { table: [TOKEN_WAIT], sendsMail: false, answersOwnWait: true },
  'list-open-referrals': { table: [READS], sendsMail: false, answersOwnWait: false },
  // The send's claim checks the consent in the same transaction.
  'send-referral': { table: [CASE_CHANGES, CONSENT_CHECK], sendsMail: true, answersOwnWait: false },
  'outcome-timer': { table: [CASE_CHANGES, NOTICE_CLAIMS], sendsMail: true, answersOwnWait: false },
  'await-outcome': { table: [CASE_CHANGES], sendsMail: false, answersOwnWait: true },
  'await-closure': { table: [CASE_CHANGES], sendsMail: false, answersOwnWait: true },
  // Reminds the case manager of overdue goals in monitoring (a notice claimed once, the goal marked reminded).
  'monitoring-timer': {
    table: [READS, NOTICE_CLAIMS, RECORD_WRITES],
    sendsMail: true,
    answersOwnWait: false,
    unrehearsed: { 'ses:SendEmail': 'Erinnert nur an überfällige Ziele in der Begleitung (core/workflow/monitoring-timer.ts).' },
  },
  // ApplyRetention sets the closed case's expiresAt.
  'apply-retention': { table: [READS, ITEM_UPDATES], sendsMail: false, answersOwnWait: false },
  // Erasure (Art. 17): deletes the case's remaining items in batches; tells every service that received data (Art. 19).
  'erase-case-data': { table: [READS, ITEM_UPDATES, BATCH_WRITES], sendsMail: false, answersOwnWait: false },
  'tell-services-erased': { table: [CASE_CHANGES, NOTICE_CLAIMS], sendsMail: true, answersOwnWait: false },
  'park-case': { table: [CASE_CHANGES, NOTICE_CLAIMS], sendsMail: true, answersOwnWait: false },
};

export interface WorkflowStackProps extends StackProps {
  readonly config: DeployConfig;
  /** The data stack's table; its key (customer managed) also encrypts the state machine's executions. */
  readonly table: ITable;
  readonly tableKey: IKey;
  /** The stage's SES configuration set (meetings stack), which every mail goes through. */
  readonly configurationSet: IConfigurationSet;
  /** The key that signs links (meetings stack): send-referral and outcome-timer sign the service's answer link with it. */
  readonly linkSecret: ISecret;
}

/**
 * The intake-to-referral workflow: one Lambda per task function and the Standard state machine from the ASL file
 * (logging ALL without execution data, X-Ray, encrypted with the table's key); see TaskStateMachine.
 */
export class WorkflowStack extends Stack {
  public readonly stateMachine: StateMachine;
  public readonly taskFunctions: ReadonlyMap<TaskFunctionName<typeof INTAKE_TO_REFERRAL>, KimFunction>;
  public readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: WorkflowStackProps) {
    super(scope, id, props);
    // 'Default': see TaskStateMachine (the logical ids stay those of the resources before it was extracted).
    const workflow = new TaskStateMachine(this, 'Default', {
      machine: INTAKE_TO_REFERRAL,
      config: props.config,
      table: props.table,
      tableKey: props.tableKey,
      configurationSet: props.configurationSet,
      access: INTAKE_TASK_ACCESS,
      substitutions: { TableName: props.table.tableName },
    });
    this.stateMachine = workflow.stateMachine;
    this.taskFunctions = workflow.taskFunctions;
    this.logGroup = workflow.logGroup;
    // Only the referral mail and its reminder carry a signed link (the service's answer, core/casework/referral-link.ts).
    for (const name of ['send-referral', 'outcome-timer'] as const) {
      const fn = this.taskFunctions.get(name);
      if (fn === undefined) throw new Error(`${name} task function missing`);
      grantLinkSecret(fn, props.linkSecret);
    }

    // LoadCase reads the case's stage directly (dynamodb:getItem integration), hence the table and its key (which
    // DynamoDB uses with the caller's permissions, see KimFunction).
    this.stateMachine.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [props.table.tableArn] }));
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [props.tableKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${this.region}.amazonaws.com` } },
      }),
    );
  }
}
