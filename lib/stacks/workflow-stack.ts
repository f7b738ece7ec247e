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
import { TaskStateMachine, type TaskFunctionAccess } from '../constructs/task-state-machine.ts';
import type { DeployConfig } from '../config.ts';

/** The state machine this stack deploys, as named in functions/task-functions.ts and state-machines/. */
export const INTAKE_TO_REFERRAL = 'intake-to-referral';

/**
 * What each task function does besides the table (see core/workflow/): whether it sends mail (SES) and whether it
 * answers its own wait with SendTaskSuccess when the answer came before the token was stored. Typed against
 * STATE_MACHINE_TASKS, so a new task function does not compile until its permissions are decided here.
 */
const TASK_ACCESS: Readonly<Record<TaskFunctionName<typeof INTAKE_TO_REFERRAL>, TaskFunctionAccess>> = {
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
  // Reminds the case manager of overdue goals in monitoring; ApplyRetention sets the record's expiresAt.
  'monitoring-timer': { table: 'read-write', sendsMail: true, answersOwnWait: false },
  'apply-retention': { table: 'read-write', sendsMail: false, answersOwnWait: false },
  // Erasure (Art. 17): deletes the case's remaining items; tells every service that received data (Art. 19).
  'erase-case-data': { table: 'read-write', sendsMail: false, answersOwnWait: false },
  'tell-services-erased': { table: 'read-write', sendsMail: true, answersOwnWait: false },
  'park-case': { table: 'read-write', sendsMail: true, answersOwnWait: false },
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
      access: TASK_ACCESS,
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

    // LoadCase reads the case's stage directly (dynamodb:getItem integration), hence the table and its key.
    this.stateMachine.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [props.table.tableArn] }));
    this.stateMachine.addToRolePolicy(new PolicyStatement({ actions: ['kms:Decrypt'], resources: [props.tableKey.keyArn] }));
  }
}
