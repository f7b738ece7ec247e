import { Duration, Validations, type Stack } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Schedule, ScheduleTargetInput, TimeWindow, type ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { acknowledgeControlTowerRule } from '../control-tower.ts';

export interface StateMachineScheduleProps {
  readonly stateMachine: IStateMachine;
  readonly roleDescription: string;
  readonly scheduleName: string;
  readonly description: string;
  readonly expression: ScheduleExpression;
  /** A start older than this is superseded by the next run. */
  readonly maxEventAge: Duration;
  /** Construct ids in `scope`: the stacks that had these resources before keep their logical ids. */
  readonly ids: { readonly queue: string; readonly role: string; readonly schedule: string };
}

export interface StateMachineSchedule {
  readonly schedule: Schedule;
  readonly role: Role;
  readonly deadLetterQueue: Queue;
}

/**
 * An EventBridge Scheduler schedule that starts a state machine with input `{}`, on time: a role of its own that
 * may do exactly that, retries within `maxEventAge`, and a dead-letter queue for starts it could not deliver
 * (the monitoring stack alarms on it). The meeting reconciler's 15 minutes and the daily case sweeper use it.
 * Created directly in `scope` (a stack), with the given ids, not in a construct of its own.
 */
export function scheduleStateMachine(scope: Stack, props: StateMachineScheduleProps): StateMachineSchedule {
  // Start requests Scheduler could not deliver (after its retries) land here instead of vanishing.
  const deadLetterQueue = new Queue(scope, props.ids.queue, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  const dlqResource = deadLetterQueue.node.defaultChild;
  if (dlqResource === undefined) throw new Error('Queue without a CloudFormation resource');
  Validations.of(dlqResource).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue is itself a dead-letter queue: that of the EventBridge Scheduler schedule (DeadLetterConfig of ' +
      'AWS::Scheduler::Schedule). cdk-nag only recognises queues named in another queue\'s RedrivePolicy or a ' +
      "function's DeadLetterConfig; a dead-letter queue of a dead-letter queue would hold nothing.",
  });
  Validations.of(dlqResource).acknowledge({
    id: 'Serverless-SQSRedrivePolicy',
    reason: 'The same: this is the dead-letter queue (of the schedule), so it has no redrive policy of its own.',
  });
  acknowledgeControlTowerRule(
    dlqResource,
    'sqs_dlq_check',
    'The same as for AwsSolutions-SQS3: this queue is the dead-letter queue of the schedule; nothing consumes it, so no ' +
      'message could ever fail into a queue behind it. The monitoring stack alarms as soon as it holds a message.',
  );

  // A role of its own rather than CDK's shared SchedulerRoleForTarget: states:StartExecution on this state
  // machine and sqs:SendMessage to the dead-letter queue (Scheduler delivers there with the execution role), nothing else.
  const role = new Role(scope, props.ids.role, {
    description: props.roleDescription,
    // Only schedules of this account's default group may assume it (confused deputy).
    assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
      conditions: {
        StringEquals: {
          'aws:SourceAccount': scope.account,
          'aws:SourceArn': scope.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: 'default' }),
        },
      },
    }),
  });

  const schedule = new Schedule(scope, props.ids.schedule, {
    scheduleName: props.scheduleName,
    description: props.description,
    schedule: props.expression,
    // On time: each run does what is due by then (reminders and invitations are due at a computed moment).
    timeWindow: TimeWindow.off(),
    target: new StepFunctionsStartExecution(props.stateMachine, {
      role,
      input: ScheduleTargetInput.fromObject({}),
      deadLetterQueue,
      maxEventAge: props.maxEventAge,
      retryAttempts: 5,
    }),
  });
  return { schedule, role, deadLetterQueue };
}
