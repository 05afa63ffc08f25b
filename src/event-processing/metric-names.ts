/**
 * The custom metrics RecordingStatusHandler and ReconcileRecordings emit (Powertools
 * Metrics, EMF): namespace, the `service` dimension, and the metric names. The functions
 * emit exactly these; the dashboard and alarms (amplify/monitoring) read them.
 */
import { RECONCILE_RECORDINGS, RECORDING_STATUS_HANDLER } from '../../amplify/functions/function-names';

export const METRICS_NAMESPACE = 'IVSRecordings';
export const HANDLER_SERVICE = RECORDING_STATUS_HANDLER;

export const HANDLER_METRICS = [
  'EventsReceived',
  'EventsProcessed',
  'EventsSkippedDuplicate',
  'EventsParked',
  'EventsIgnored',
  'EventsRejected',
  'EventsRetried',
  'EventsFailed',
  'ProcessingDuration',
  /** Lifecycle events (docs/lifecycle-events.md) the handler put on the bus: entries, not requests. */
  'LifecycleEventsPublished',
] as const;

export type HandlerMetricName = (typeof HANDLER_METRICS)[number];

export const RECONCILE_SERVICE = RECONCILE_RECORDINGS;

/** Parked events (src/parked-events) applied once their channel's profile exists, or deleted unapplied when expired. */
export const PARKED_EVENT_METRICS = ['EventsReplayed', 'ParkedEventsExpired'] as const;

export type ParkedEventMetricName = (typeof PARKED_EVENT_METRICS)[number];
