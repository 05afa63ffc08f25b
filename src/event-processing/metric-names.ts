/**
 * The custom metrics RecordingStatusHandler emits (Powertools Metrics, EMF): namespace,
 * the `service` dimension, and the metric names. The handler emits exactly these; the
 * dashboard and alarms (amplify/monitoring) read them.
 */
import { RECORDING_STATUS_HANDLER } from '../../amplify/functions/function-names';

export const METRICS_NAMESPACE = 'IVSRecordings';
export const HANDLER_SERVICE = RECORDING_STATUS_HANDLER;

export const HANDLER_METRICS = [
  'EventsReceived',
  'EventsProcessed',
  'EventsSkippedDuplicate',
  'EventsSkippedMissingProfile',
  'EventsIgnored',
  'EventsRejected',
  'EventsRetried',
  'EventsFailed',
  'ProcessingDuration',
] as const;

export type HandlerMetricName = (typeof HANDLER_METRICS)[number];
