import { CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Dashboard, GraphWidget, MathExpression, Metric, TextWidget, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { CfnSubscription, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { KimFunction } from '../constructs/kim-function.ts';
import { kimKey } from '../constructs/kms-key.ts';
import { BUSINESS_METRICS, METRICS_NAMESPACE, SERVICE_NAME, type BusinessMetric } from '../../functions/_shared/observability-names.ts';

export interface MonitoringStackProps extends StackProps {
  readonly stage: string;
  /** Who is woken: an operations mailbox of the Kreis; confirmed once by the SNS mail. */
  readonly alarmEmail: string;
  readonly stateMachines: Readonly<Record<string, StateMachine>>;
  readonly functions: readonly KimFunction[];
  readonly deadLetterQueues: Readonly<Record<string, IQueue>>;
  readonly httpApi: HttpApi;
  /** The SES configuration set whose reputation metrics (bounce and complaint rate) are watched. */
  readonly configurationSetName: string;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Alarms and one dashboard: a case whose workflow failed, a function that errors or is throttled, a schedule run
 * that landed in a dead-letter queue, an API that answers 5xx, or mail that bounces — each reaches the alarm
 * mailbox. Thresholds are absolute counts: KIM's traffic is a few hundred cases a month, so one failure matters.
 */
export class MonitoringStack extends Stack {
  public readonly alarmTopic: Topic;
  public readonly alarms: readonly Alarm[];
  public readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);

    // Alarm texts name resources, never case data; still encrypted, as every topic of the Kreis.
    const topicKey = kimKey(this, 'AlarmTopicKey', { description: `KIM Flow (${props.stage}): alarm topic` });
    topicKey.grantEncryptDecrypt(new ServicePrincipal('cloudwatch.amazonaws.com'));
    this.alarmTopic = new Topic(this, 'AlarmTopic', { displayName: `KIM Flow (${props.stage}) Alarme`, masterKey: topicKey, enforceSSL: true });
    this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    const subscriptionResource = this.alarmTopic.node.findAll().find((c) => c instanceof CfnSubscription);
    if (subscriptionResource === undefined) throw new Error('alarm topic without its subscription');
    Validations.of(subscriptionResource).acknowledge({
      id: 'Serverless-SNSRedrivePolicy',
      reason:
        'The subscription is the alarm mailbox. An alarm mail SNS cannot deliver stays visible where operations look anyway ' +
        '(the alarm state in CloudWatch, the dashboard); a dead-letter queue nobody reads would only hide it.',
    });
    const action = new SnsAction(this.alarmTopic);

    const alarms: Alarm[] = [];
    const alarm = (id: string, metric: IMetric, description: string, threshold = 1): Alarm => {
      const created = new Alarm(this, id, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(action);
      alarms.push(created);
      return created;
    };

    const workflowWidgets: GraphWidget[] = [];
    for (const [name, machine] of Object.entries(props.stateMachines)) {
      const failed = machine.metricFailed({ period: FIVE_MINUTES, statistic: 'Sum' });
      const timedOut = machine.metricTimedOut({ period: FIVE_MINUTES, statistic: 'Sum' });
      const aborted = machine.metricAborted({ period: FIVE_MINUTES, statistic: 'Sum' });
      alarm(`${name}Failed`, failed, `Workflow ${name}: eine Ausführung ist fehlgeschlagen (Fall prüfen, Verlauf in der Step-Functions-Konsole).`);
      alarm(`${name}TimedOut`, timedOut, `Workflow ${name}: eine Ausführung hat ihre Zeitgrenze überschritten.`);
      alarm(`${name}Aborted`, aborted, `Workflow ${name}: eine Ausführung wurde abgebrochen.`);
      workflowWidgets.push(
        new GraphWidget({
          title: `Workflow ${name}`,
          left: [machine.metricStarted({ period: FIVE_MINUTES, statistic: 'Sum' }), machine.metricSucceeded({ period: FIVE_MINUTES, statistic: 'Sum' })],
          right: [failed, timedOut, aborted],
          width: 12,
        }),
      );
    }

    const errors: IMetric[] = [];
    const throttles: IMetric[] = [];
    for (const kimFunction of props.functions) {
      const fn = kimFunction.function;
      const name = kimFunction.node.id;
      const functionErrors = fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' });
      const functionThrottles = fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' });
      alarm(`${name}Errors`, functionErrors, `Funktion ${name}: Fehler beim Aufruf (Protokoll der Funktion prüfen).`);
      alarm(`${name}Throttles`, functionThrottles, `Funktion ${name}: Aufrufe wurden gedrosselt (Kontingent prüfen).`);
      errors.push(functionErrors);
      throttles.push(functionThrottles);
    }

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(
        `${name}DeadLetters`,
        queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
        `Warteschlange ${name}: Nachrichten, die nicht zugestellt werden konnten (z. B. ein Lauf des Terminplans).`,
      );
    }

    // The handlers' business metrics (Powertools Metrics, EMF): Powertools adds the service as a dimension.
    const business = (name: BusinessMetric): Metric => new Metric({ namespace: METRICS_NAMESPACE, metricName: name, dimensionsMap: { service: SERVICE_NAME }, period: FIVE_MINUTES, statistic: 'Sum' });
    alarm('CasesParked', business('CasesParked'), 'Fälle: ein Fall wurde als „Klärung nötig“ geparkt (Koordination: „Alle Fälle“, Protokoll der Funktion park-case).');
    // Every case the daily sweeper restarted was standing still (its execution had ended without parking it).
    alarm('CasesSwept', business('CasesSwept'), 'Fälle: die tägliche Prüfung hat Abläufe neu gestartet oder erneuert (Protokoll der Funktion sweep-cases, Verlauf der Fälle).');

    const api5xx = props.httpApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' });
    alarm('Api5xx', api5xx, 'HTTP-API: Serverfehler (5xx).');

    // SES publishes these per configuration set once reputation metrics are on (meetings stack). AWS reviews an
    // account at 5 % bounces and 0.1 % complaints; the alarms fire well before.
    const sesMetric = (metricName: string): Metric =>
      new Metric({ namespace: 'AWS/SES', metricName, dimensionsMap: { 'ses:configuration-set': props.configurationSetName }, period: Duration.hours(1), statistic: 'Average' });
    const bounceRate = sesMetric('Reputation.BounceRate');
    const complaintRate = sesMetric('Reputation.ComplaintRate');
    alarm('MailBounceRate', bounceRate, 'E-Mail: Bounce-Rate über 2 % (Adressen der Empfänger prüfen).', 0.02);
    alarm('MailComplaintRate', complaintRate, 'E-Mail: Beschwerde-Rate über 0,05 %.', 0.0005);
    this.alarms = alarms;

    // Ids must differ between the expressions of one graph: `idPrefix` keeps them apart.
    const sum = (metrics: readonly IMetric[], label: string, idPrefix: string): MathExpression => {
      const usingMetrics = Object.fromEntries(metrics.map((metric, i) => [`${idPrefix}${String(i)}`, metric]));
      return new MathExpression({ expression: Object.keys(usingMetrics).join('+') || '0', usingMetrics, label, period: FIVE_MINUTES });
    };

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `kim-flow-${props.stage}`,
      widgets: [
        [new TextWidget({ markdown: `# KIM Flow (${props.stage})\nAlarme gehen an das Postfach der Betriebsgruppe. Keine Falldaten in Metriken oder Alarmtexten.`, width: 24, height: 2 })],
        workflowWidgets,
        [
          new GraphWidget({ title: 'Funktionen: Fehler und Drosselungen', left: [sum(errors, 'Fehler', 'e'), sum(throttles, 'Drosselungen', 't')], width: 12 }),
          new GraphWidget({ title: 'HTTP-API', left: [props.httpApi.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' })], right: [props.httpApi.metricClientError({ period: FIVE_MINUTES, statistic: 'Sum' }), api5xx], width: 12 }),
        ],
        [
          new GraphWidget({ title: 'E-Mail-Reputation', left: [bounceRate, complaintRate], width: 12 }),
          new GraphWidget({ title: 'Fallarbeit und Termine', left: BUSINESS_METRICS.map(business), width: 12 }),
        ],
      ],
    });

    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: this.dashboard.dashboardName });
  }
}
