/**
 * What event processing needs from logging and metrics. Shaped like Powertools
 * for AWS Lambda's Logger and Metrics, so either those or a test recorder fit.
 */
export interface EventLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type MetricUnit = 'Count' | 'Milliseconds';

export interface EventMetrics {
  addMetric(name: string, unit: MetricUnit, value: number): void;
}

const LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'] as const;

/**
 * Writes one JSON object per line to stdout/stderr: CloudWatch Logs Insights reads
 * the fields. The level comes from POWERTOOLS_LOG_LEVEL, as with Powertools.
 */
export const jsonLineLogger = (
  base: Record<string, unknown> = {},
  level: string = process.env.POWERTOOLS_LOG_LEVEL ?? 'INFO',
): EventLogger => {
  const threshold = Math.max(0, LEVELS.indexOf(level.toUpperCase() as (typeof LEVELS)[number]));
  const write = (level: (typeof LEVELS)[number], message: string, fields?: Record<string, unknown>) => {
    if (LEVELS.indexOf(level) < threshold) return;
    const line = JSON.stringify({ level, message, timestamp: new Date().toISOString(), ...base, ...fields });
    if (level === 'ERROR') console.error(line);
    else console.log(line);
  };
  return {
    info: (message, fields) => write('INFO', message, fields),
    warn: (message, fields) => write('WARN', message, fields),
    error: (message, fields) => write('ERROR', message, fields),
  };
};

export const noMetrics: EventMetrics = { addMetric: () => undefined };
