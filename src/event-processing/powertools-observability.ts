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

export type MetricListener = (name: HandlerMetricName, unit: 'Count' | 'Milliseconds', value: number) => void;
const listeners = new Set<MetricListener>();

/**
 * In-process subscribers to what the handler emits, for the local stack's
 * readable summary (in Lambda there are none, and CloudWatch reads the EMF lines).
 */
export const onMetric = (listener: MetricListener): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Powertools Metrics (CloudWatch embedded metric format) behind the EventMetrics port. */
export const powertoolsEventMetrics = (metrics: Metrics): EventMetrics & { publish(): void } => ({
  addMetric: (name, unit, value) => {
    metrics.addMetric(name, unit === 'Count' ? MetricUnit.Count : MetricUnit.Milliseconds, value);
    for (const listener of listeners) listener(name, unit, value);
  },
  // One EMF document per event: a crash later in the container loses nothing already counted.
  publish: () => metrics.publishStoredMetrics(),
});
