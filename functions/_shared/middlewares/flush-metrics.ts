/**
 * Publishes the invocation's business metrics at its end, also after an error. Unlike Powertools' own logMetrics
 * middleware it stays silent when there is nothing to publish (most requests count nothing).
 */
import type { MiddlewareObj } from '@middy/core';
import { metrics } from '../metrics.ts';

export function flushMetrics(): MiddlewareObj {
  const flush = (): void => {
    const stored = metrics();
    if (stored.hasStoredMetrics()) stored.publishStoredMetrics();
  };
  return { after: flush, onError: flush };
}
