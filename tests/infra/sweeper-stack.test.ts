import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKimFlow, type KimFlow } from '../../lib/kim-flow-app.ts';
import { newTestApp, type TestApp } from './synth.ts';
import { actionsOf, logicalIdOf, statementsOfRole } from './template-helpers.ts';

describe('SweeperStack', () => {
  let testApp: TestApp;
  let flow: KimFlow;
  let template: Template;

  const logicalId = (construct: IConstruct, stack: Stack = flow.sweeper): string => logicalIdOf(construct, stack);
  const sweep = () => {
    const fn = flow.sweeper.taskFunctions.get('sweep-cases');
    if (fn === undefined) throw new Error('no sweep-cases');
    return fn;
  };
  const intakeImport = { 'Fn::ImportValue': Match.stringLikeRegexp('^kim-flow-dev-workflow:.*IntakeToReferral') };

  beforeAll(() => {
    testApp = newTestApp();
    flow = buildKimFlow(testApp.app, { stage: 'dev' });
    template = Template.fromStack(flow.sweeper);
  });
  afterAll(() => {
    testApp.cleanup();
  });

  it('starts the case-sweeper state machine once a day at 03:30 Düren time, on time, with a dead-letter queue', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: 'kim-flow-dev-case-sweeper',
      ScheduleExpression: 'cron(30 3 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: { Ref: logicalId(flow.sweeper.stateMachine) },
        Input: '{}',
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(flow.sweeper.scheduleDeadLetterQueue), 'Arn'] } },
        RetryPolicy: { MaximumEventAgeInSeconds: 12 * 3600, MaximumRetryAttempts: 5 },
      },
    });
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineName: 'kim-flow-dev-case-sweeper', StateMachineType: 'STANDARD' });
    template.resourceCountIs('AWS::Lambda::Function', 1);
  });

  it('lets sweep-cases list, describe, start and stop executions of intake-to-referral, and nothing else of Step Functions', () => {
    const statements = statementsOfRole(template, logicalId(sweep().role));
    const states = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('states:')));
    expect(states).toEqual(
      expect.arrayContaining([
        { Action: ['states:ListExecutions', 'states:StartExecution'], Effect: 'Allow', Resource: expect.objectContaining({ 'Fn::ImportValue': expect.stringMatching(/IntakeToReferral/) as unknown }) as unknown },
        {
          Action: ['states:DescribeExecution', 'states:StopExecution'],
          Effect: 'Allow',
          Resource: { 'Fn::Join': ['', ['arn:aws:states:eu-central-1:', { Ref: 'AWS::AccountId' }, ':execution:kim-flow-dev-intake-to-referral:*']] },
        },
      ]),
    );
    expect(actionsOf(states).sort()).toEqual(['states:DescribeExecution', 'states:ListExecutions', 'states:StartExecution', 'states:StopExecution']);
    expect(actionsOf(statements).filter((a) => a.startsWith('ses:'))).toEqual([]);
    template.hasResourceProperties('AWS::Lambda::Function', { Timeout: 300, Environment: { Variables: Match.objectLike({ INTAKE_STATE_MACHINE_ARN: intakeImport }) } });
  });

  it('is watched: the sweeper state machine, its function and its dead-letter queue have alarms, and CasesSwept alarms when it had to act', () => {
    const monitoring = Template.fromStack(flow.monitoring);
    monitoring.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'CasesSwept', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    monitoring.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ExecutionsFailed',
      Dimensions: [{ Name: 'StateMachineArn', Value: { 'Fn::ImportValue': Match.stringLikeRegexp('^kim-flow-dev-sweeper:') } }],
    });
    monitoring.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::ImportValue': Match.stringLikeRegexp('^kim-flow-dev-sweeper:') } }],
    });
  });
});
