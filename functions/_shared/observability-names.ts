/**
 * Names the handlers' logs and metrics share with the CDK app (lib/constructs/kim-function.ts sets the service,
 * lib/stacks/monitoring-stack.ts alarms on the metrics): one list, so an alarm cannot watch a metric nobody sends.
 */

/** Powertools' `service`: the same for every function (function_name tells them apart), a metric dimension too. */
export const SERVICE_NAME = 'kim-flow';

export const METRICS_NAMESPACE = 'KimFlow';

export const BUSINESS_METRICS = ['IntakesReceived', 'CasesParked', 'ReferralsSent', 'ReferralsAnswered', 'MailsSent', 'ReconcilerRuns', 'CasesSwept'] as const;
export type BusinessMetric = (typeof BUSINESS_METRICS)[number];
