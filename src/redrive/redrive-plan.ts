/**
 * Which queued messages can be redelivered, and to which function (pure). A message
 * body is a Lambda on-failure destination record; its requestPayload is the original
 * EventBridge event. The same failure queued twice (same request id) is redelivered once.
 */
import { functionNameFromArn, isFailureRecord } from './on-failure-record';
import type { QueuedMessage } from './failed-event-queue';

export type PlannedRedelivery = {
  kind: 'redeliver';
  handle: string;
  requestId: string;
  functionName: string;
  payload: unknown;
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
      duplicates: [],
    };
    byRequestId.set(requestId, planned);
    plan.push(planned);
  }
  return plan;
};
