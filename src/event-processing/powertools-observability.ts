import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { HandlerMetricName } from './metric-names';
import type { EventLogger, EventMetrics } from './observability';

/** Powertools Logger behind the EventLogger port (structured JSON, level from POWERTOOLS_LOG_LEVEL). */
export const powertoolsEventLogger = (logger: Logger): EventLogger => ({
  info: (message, fields) => (fields ? logger.info(message, fields) : logger.info(message)),
  warn: (message, fields) => (fields ? logger.warn(message, fields) : logger.warn(message)),
  error: (message, fields) => (fields ? logger.error(message, fields) : logger.error(message)),
});

/** Powertools Metrics (CloudWatch embedded metric format) behind the EventMetrics port. */
export const powertoolsEventMetrics = <Name extends string = HandlerMetricName>(
  metrics: Metrics,
): EventMetrics<Name> & { publish(): void } => ({
  addMetric: (name, unit, value) => {
    metrics.addMetric(name, unit === 'Count' ? MetricUnit.Count : MetricUnit.Milliseconds, value);
  },
  // One EMF document per event: a crash later in the container loses nothing already counted.
  publish: () => metrics.publishStoredMetrics(),
});
