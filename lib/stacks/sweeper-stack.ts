import { Duration, Stack, TimeZone, type StackProps } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import { ScheduleExpression, type Schedule } from 'aws-cdk-lib/aws-scheduler';
import type { IConfigurationSet } from 'aws-cdk-lib/aws-ses';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { TaskFunctionName } from '../../functions/task-functions.ts';
import type { KimFunction } from '../constructs/kim-function.ts';
import { grantCaseExecutions } from '../constructs/execution-access.ts';
import { scheduleStateMachine } from '../constructs/state-machine-schedule.ts';
import { CASE_CHANGES } from '../constructs/table-access.ts';
import { TaskStateMachine, type TaskFunctionAccess } from '../constructs/task-state-machine.ts';
import type { DeployConfig } from '../config.ts';

/** The state machine this stack deploys, as named in functions/task-functions.ts and state-machines/. */
export const CASE_SWEEPER = 'case-sweeper';

/** Once a day, at night in Düren: a case standing still is found within a day, and nobody works at that hour. */
export const SWEEP_AT = { hour: '3', minute: '30', timeZone: TimeZone.EUROPE_BERLIN } as const;

/** Only an open case whose execution ended is written and started again; a sweep of healthy cases changes nothing. */
const RESTART = 'Ein offener Fall, dessen Ausführung endete, wird in seiner nächsten Generation fortgesetzt (core/workflow/sweep-cases.ts).';

export const SWEEPER_TASK_ACCESS: Readonly<Record<TaskFunctionName<typeof CASE_SWEEPER>, TaskFunctionAccess>> = {
  // Reads the open cases by stage (index queries), writes the restarted ones; thousands of open cases take a while.
  'sweep-cases': {
    table: [CASE_CHANGES],
    sendsMail: false,
    answersOwnWait: false,
    timeout: Duration.minutes(5),
    unrehearsed: {
      'dynamodb:PutItem': RESTART,
      'states:StartExecution': RESTART,
      'states:StopExecution': 'Beendet die Ausführung eines eingeschränkten Falls (Art. 18), die einer Einschränkung zuvorkam, und die von ihrer nächsten Generation ersetzte (core/workflow/sweep-cases.ts).',
      'states:DescribeExecution': 'Die Ausführung eines offenen Falls, der nicht unter den laufenden ist, wird nachgesehen, bevor er neu startet (core/workflow/sweep-cases.ts).',
    },
  },
};

export interface SweeperStackProps extends StackProps {
  readonly config: DeployConfig;
  readonly table: ITable;
  readonly tableKey: IKey;
  readonly configurationSet: IConfigurationSet;
  /** The intake-to-referral state machine (workflow stack) whose executions the sweeper watches. */
  readonly intakeStateMachine: StateMachine;
}

/**
 * The daily case sweeper: a one-task state machine (so the function is invoked synchronously, with Retry, like every
 * KIM function, and a failed run is a failed execution the monitoring stack alarms on) started by an EventBridge
 * Scheduler schedule with its own role and dead-letter queue. Its function may list, describe, start and stop
 * executions of intake-to-referral and nothing else of Step Functions.
 */
export class SweeperStack extends Stack {
  public readonly stateMachine: StateMachine;
  public readonly taskFunctions: ReadonlyMap<TaskFunctionName<typeof CASE_SWEEPER>, KimFunction>;
  public readonly logGroup: LogGroup;
  public readonly schedule: Schedule;
  public readonly scheduleDeadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: SweeperStackProps) {
    super(scope, id, props);
    const { stage } = props.config;
    // 'Default': see TaskStateMachine (one per stack).
    const sweeper = new TaskStateMachine(this, 'Default', {
      machine: CASE_SWEEPER,
      config: props.config,
      table: props.table,
      tableKey: props.tableKey,
      configurationSet: props.configurationSet,
      access: SWEEPER_TASK_ACCESS,
    });
    this.stateMachine = sweeper.stateMachine;
    this.taskFunctions = sweeper.taskFunctions;
    this.logGroup = sweeper.logGroup;

    const sweep = sweeper.taskFunctions.get('sweep-cases');
    if (sweep === undefined) throw new Error('case-sweeper without its task function sweep-cases');
    const intakeArn = props.intakeStateMachine.stateMachineArn;
    sweep.function.addEnvironment('INTAKE_STATE_MACHINE_ARN', intakeArn);
    sweep.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['states:ListExecutions', 'states:StartExecution'], resources: [intakeArn] }));
    grantCaseExecutions(sweep, {
      stage,
      actions: ['states:DescribeExecution', 'states:StopExecution'],
      reason:
        'The sweeper describes the current execution of every open case and stops one it renewed; execution names are ' +
        '<caseId>-<generation>, made at run time, so the resource is every execution of the intake-to-referral state machine ' +
        'of this stage — no other state machine, no other action.',
    });

    const daily = scheduleStateMachine(this, {
      stateMachine: this.stateMachine,
      roleDescription: `KIM Flow (${stage}): EventBridge Scheduler starts ${CASE_SWEEPER}`,
      scheduleName: `kim-flow-${stage}-${CASE_SWEEPER}`,
      description: `KIM Flow (${stage}): restart open cases whose execution ended, renew executions before one year, daily`,
      expression: ScheduleExpression.cron(SWEEP_AT),
      // A start delayed past the morning is still worth it; the next night's run supersedes it anyway.
      maxEventAge: Duration.hours(12),
      ids: { queue: 'ScheduleDeadLetterQueue', role: 'ScheduleRole', schedule: 'SweepSchedule' },
    });
    this.schedule = daily.schedule;
    this.scheduleDeadLetterQueue = daily.deadLetterQueue;
  }
}
