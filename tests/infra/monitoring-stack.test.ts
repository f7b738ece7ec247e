import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKimFlow, type KimFlow } from '../../lib/kim-flow-app.ts';
import { newTestApp, type TestApp } from './synth.ts';
import { METRICS_NAMESPACE, SERVICE_NAME, type BusinessMetric } from '../../functions/_shared/observability-names.ts';

describe('MonitoringStack', () => {
  let testApp: TestApp;
  let flow: KimFlow;
  let template: Template;

  beforeAll(() => {
    testApp = newTestApp();
    flow = buildKimFlow(testApp.app, { stage: 'dev', alarmEmail: 'it-betrieb@kreis-dueren.example' });
    template = Template.fromStack(flow.monitoring);
  });
  afterAll(() => {
    testApp.cleanup();
  });

  const alarmsOn = (metricName: string): Record<string, { Properties: Record<string, unknown> }> =>
    template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: metricName } }) as Record<string, { Properties: Record<string, unknown> }>;

  it('mails every alarm to the alarm mailbox through an encrypted topic', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'it-betrieb@kreis-dueren.example' });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    const topic = Object.keys(template.findResources('AWS::SNS::Topic'))[0];
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm') as Record<string, { Properties: Record<string, unknown> }>);
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }]);
  });

  it('alarms on failed, timed-out and aborted executions of the three state machines (the sweeper\'s too)', () => {
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted']) {
      expect(Object.keys(alarmsOn(metric)), metric).toHaveLength(3);
    }
  });

  it('alarms on errors and throttles of every function', () => {
    const functions = [...flow.workflow.taskFunctions.values(), ...flow.meetings.taskFunctions.values(), ...flow.sweeper.taskFunctions.values(), ...flow.api.functions.values()];
    expect(Object.keys(alarmsOn('Errors'))).toHaveLength(functions.length);
    expect(Object.keys(alarmsOn('Throttles'))).toHaveLength(functions.length);
    for (const alarm of Object.values(alarmsOn('Errors'))) {
      expect(alarm.Properties).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
    }
  });

  it('alarms on messages in the schedules\' dead-letter queues (meetings, sweeper), API 5xx and the mail bounce and complaint rates', () => {
    expect(Object.keys(alarmsOn('ApproximateNumberOfMessagesVisible'))).toHaveLength(2);
    expect(Object.keys(alarmsOn('5xx'))).toHaveLength(1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/SES', MetricName: 'Reputation.BounceRate', Threshold: 0.02 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/SES', MetricName: 'Reputation.ComplaintRate', Threshold: 0.0005 });
  });

  it('alarms on the first parked case, on the metric the park-case handler counts', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: METRICS_NAMESPACE,
      MetricName: 'CasesParked' satisfies BusinessMetric,
      Dimensions: [{ Name: 'service', Value: SERVICE_NAME }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('alarms when the daily sweeper had to act, on the metric the sweep-cases handler counts', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: METRICS_NAMESPACE,
      MetricName: 'CasesSwept' satisfies BusinessMetric,
      Dimensions: [{ Name: 'service', Value: SERVICE_NAME }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('has one dashboard', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'kim-flow-dev' });
  });
});
