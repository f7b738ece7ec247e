/**
 * Business figures as CloudWatch metrics (Powertools Metrics, embedded metric format in the log): counts only, no
 * dimension that could name a person or a case. The monitoring stack alarms on `CasesParked`.
 *
 * Built on first use, so the settings it reads from the environment (POWERTOOLS_METRICS_DISABLED: `npm start`
 * keeps EMF lines out of the terminal) can be set by the process before.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger } from './logger.ts';
import { METRICS_NAMESPACE, SERVICE_NAME, type BusinessMetric } from './observability-names.ts';

let instance: Metrics | undefined;

export function metrics(): Metrics {
  instance ??= new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME, logger });
  return instance;
}

export function count(metric: BusinessMetric, value = 1): void {
  metrics().addMetric(metric, MetricUnit.Count, value);
}
