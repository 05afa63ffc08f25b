import type { HandlerMetricName } from './metric-names';

/**
 * What event processing needs from logging and metrics. Shaped like Powertools
 * for AWS Lambda's Logger and Metrics, so either those or a test recorder fit.
 */
export interface EventLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  debug?(message: string, fields?: Record<string, unknown>): void;
}

export type MetricUnit = 'Count' | 'Milliseconds';

export interface EventMetrics<Name extends string = HandlerMetricName> {
  addMetric(name: Name, unit: MetricUnit, value: number): void;
}
