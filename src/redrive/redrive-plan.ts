/**
 * Which queued messages can be redelivered, and to which function (pure). A message
 * body is a Lambda on-failure destination record; its requestPayload is the original
 * EventBridge event. The same failure queued twice (same request id) is redelivered once.
 * Each one says why it failed, so an operator can tell what a redrive will fix from what
 * it never will (and discard that).
 */
import { functionNameFromArn, isFailureRecord, type FailureCondition, type FailureRecord } from './on-failure-record';
import type { QueuedMessage } from './failed-event-queue';

/** Why an event is in the queue, and which event it is, in words. */
export type FailureSummary = {
  condition: FailureCondition;
  attempts: number;
  /** The last attempt's error (`<errorType>: <errorMessage>`), or why none ran. */
  error: string;
  /** The EventBridge event: its detail-type, IVS event name, channel and id, as far as readable. */
  event: string;
};

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Summarises what the record holds; never throws, whatever the payload is. */
export const summarizeFailure = (record: FailureRecord): FailureSummary => {
  const payload = (typeof record.requestPayload === 'object' && record.requestPayload) || {};
  const envelope = payload as Record<string, unknown>;
  const detail = ((typeof envelope.detail === 'object' && envelope.detail) || {}) as Record<string, unknown>;
  const channel = text(detail.channel_name) ?? text((envelope.resources as unknown[] | undefined)?.[0]);
  const event = [
    text(envelope['detail-type']) ?? 'unknown event',
    text(detail.event_name) ?? text(detail.recording_status),
    channel ? `channel ${channel}` : undefined,
    text(envelope.id) ? `id ${envelope.id as string}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  const response = record.responsePayload;
  const condition = record.requestContext.condition;
  const error = response
    ? `${response.errorType}: ${response.errorMessage}`
    : condition === 'EventAgeExceeded'
      ? 'no attempt ran (EventAgeExceeded)'
      : `no error recorded (${condition})`;
  return {
    condition: record.requestContext.condition,
    attempts: record.requestContext.approximateInvokeCount,
    error,
    event,
  };
};

export type PlannedRedelivery = {
  kind: 'redeliver';
  handle: string;
  requestId: string;
  functionName: string;
  payload: unknown;
  failure: FailureSummary;
  /** Handles of duplicates of this message, removed with it. */
  duplicates: string[];
};

export type SkippedMessage = { kind: 'skip'; handle: string; reason: string };

export type RedrivePlan = (PlannedRedelivery | SkippedMessage)[];

export const planRedelivery = (messages: readonly QueuedMessage[], functionOverride?: string): RedrivePlan => {
  const plan: RedrivePlan = [];
  const byRequestId = new Map<string, PlannedRedelivery>();
  for (const message of messages) {
    let record: unknown;
    try {
      record = JSON.parse(message.body);
    } catch {
      plan.push({ kind: 'skip', handle: message.handle, reason: 'body is not JSON' });
      continue;
    }
    if (!isFailureRecord(record)) {
      plan.push({
        kind: 'skip',
        handle: message.handle,
        reason: 'not a Lambda on-failure record (requestContext, requestPayload)',
      });
      continue;
    }
    const requestId = record.requestContext.requestId;
    const earlier = byRequestId.get(requestId);
    if (earlier) {
      earlier.duplicates.push(message.handle);
      continue;
    }
    const functionName = functionOverride ?? functionNameFromArn(record.requestContext.functionArn);
    if (!functionName) {
      plan.push({
        kind: 'skip',
        handle: message.handle,
        reason: `unreadable functionArn ${record.requestContext.functionArn}`,
      });
      continue;
    }
    const planned: PlannedRedelivery = {
      kind: 'redeliver',
      handle: message.handle,
      requestId,
      functionName,
      payload: record.requestPayload,
      failure: summarizeFailure(record),
      duplicates: [],
    };
    byRequestId.set(requestId, planned);
    plan.push(planned);
  }
  return plan;
};
