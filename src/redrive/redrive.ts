/**
 * Redrive: delivers the events waiting in the on-failure queue to their function
 * again, asynchronously (so Lambda's retries and on-failure destination apply once
 * more). Dry run unless `apply`. A message is deleted only after Lambda accepted its
 * event; one that is not accepted stays. Same code for AWS and the local stack.
 */
import type { EventLogger } from '../event-processing/observability';
import type { FailedEventQueue } from './failed-event-queue';
import type { AsyncInvoke } from './lambda-async-invoke';
import { planRedelivery } from './redrive-plan';

export type RedriveOptions = {
  queue: FailedEventQueue;
  invoke: AsyncInvoke;
  apply?: boolean;
  /** Deliver to this function instead of the one named in each record. */
  functionName?: string;
  /** Default 1000. */
  maxMessages?: number;
  logger: EventLogger;
};

export type RedriveOutcome = {
  requestId?: string;
  functionName?: string;
  status: 'would-redeliver' | 'redelivered' | 'not-accepted' | 'skipped';
  reason?: string;
  redeliveryRequestId?: string;
};

export type RedriveSummary = { applied: boolean; outcomes: RedriveOutcome[]; removed: number };

export const redriveFailedEvents = async (options: RedriveOptions): Promise<RedriveSummary> => {
  const apply = options.apply ?? false;
  const plan = planRedelivery(await options.queue.receive(options.maxMessages ?? 1000), options.functionName);
  const outcomes: RedriveOutcome[] = [];
  let removed = 0;
  for (const item of plan) {
    if (item.kind === 'skip') {
      options.logger.warn('Message left in the queue: cannot be redelivered', { reason: item.reason });
      outcomes.push({ status: 'skipped', reason: item.reason });
      continue;
    }
    const { requestId, functionName } = item;
    if (!apply) {
      outcomes.push({ requestId, functionName, status: 'would-redeliver' });
      continue;
    }
    let redeliveryRequestId: string | undefined;
    try {
      ({ requestId: redeliveryRequestId } = await options.invoke(functionName, item.payload));
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      options.logger.error('Redelivery not accepted: the message stays in the queue', {
        requestId,
        functionName,
        reason,
      });
      outcomes.push({ requestId, functionName, status: 'not-accepted', reason });
      continue;
    }
    for (const handle of [item.handle, ...item.duplicates]) {
      await options.queue.remove(handle);
      removed++;
    }
    options.logger.info('Event redelivered and removed from the queue', {
      requestId,
      functionName,
      redeliveryRequestId,
    });
    outcomes.push({
      requestId,
      functionName,
      status: 'redelivered',
      ...(redeliveryRequestId ? { redeliveryRequestId } : {}),
    });
  }
  const count = (status: RedriveOutcome['status']) => outcomes.filter((o) => o.status === status).length;
  options.logger.info(
    apply
      ? `Redrive from ${options.queue.description}: ${count('redelivered')} redelivered, ${count('not-accepted')} not accepted, ${count('skipped')} skipped`
      : `Redrive dry run on ${options.queue.description}: ${count('would-redeliver')} would be redelivered, ${count('skipped')} skipped (pass --apply)`,
  );
  return { applied: apply, outcomes, removed };
};
