/**
 * Redrive: delivers the events waiting in the on-failure queue to their function
 * again, asynchronously (so Lambda's retries and on-failure destination apply once
 * more), or discards the ones no retry can fix. Dry run unless `apply`. A message is
 * deleted only after Lambda accepted its event, or when it is discarded by name (its
 * request id) or with all of them. Same code for AWS and the local stack.
 */
import type { EventLogger } from '../event-processing/observability';
import type { FailedEventQueue } from './failed-event-queue';
import type { AsyncInvoke } from './lambda-async-invoke';
import { planRedelivery, type FailureSummary } from './redrive-plan';

/** Which events to discard instead of redelivering: all, or those of these request ids. */
export type DiscardSelection = { all: true } | { requestIds: ReadonlySet<string> };

export type RedriveOptions = {
  queue: FailedEventQueue;
  invoke: AsyncInvoke;
  apply?: boolean;
  /** Discard these (nothing is redelivered); the others stay in the queue. */
  discard?: DiscardSelection;
  /** Deliver to this function instead of the one named in each record. */
  functionName?: string;
  /** Default 1000. */
  maxMessages?: number;
  logger: EventLogger;
};

export type RedriveStatus =
  | 'would-redeliver'
  | 'redelivered'
  | 'not-accepted'
  | 'skipped'
  | 'would-discard'
  | 'discarded'
  | 'kept';

export type RedriveOutcome = {
  requestId?: string;
  functionName?: string;
  status: RedriveStatus;
  reason?: string;
  redeliveryRequestId?: string;
} & Partial<FailureSummary>;

export type RedriveSummary = {
  applied: boolean;
  outcomes: RedriveOutcome[];
  removed: number;
  /** Request ids asked to be discarded that are not in the queue. */
  notFound: string[];
};

export const redriveFailedEvents = async (options: RedriveOptions): Promise<RedriveSummary> => {
  const apply = options.apply ?? false;
  const discard = options.discard;
  const selected = (requestId: string | undefined): boolean =>
    discard !== undefined && ('all' in discard || (requestId !== undefined && discard.requestIds.has(requestId)));
  const plan = planRedelivery(await options.queue.receive(options.maxMessages ?? 1000), options.functionName);
  const outcomes: RedriveOutcome[] = [];
  let removed = 0;
  const removeAll = async (handles: readonly string[]) => {
    for (const handle of handles) {
      await options.queue.remove(handle);
      removed++;
    }
  };
  for (const item of plan) {
    if (item.kind === 'skip') {
      // Unreadable: no redelivery can ever run it, so only a discard of all removes it.
      if (discard && 'all' in discard) {
        if (apply) await removeAll([item.handle]);
        options.logger.warn(apply ? 'Unreadable message discarded' : 'Unreadable message would be discarded', {
          reason: item.reason,
        });
        outcomes.push({ status: apply ? 'discarded' : 'would-discard', reason: item.reason });
        continue;
      }
      options.logger.warn('Message left in the queue: cannot be redelivered', { reason: item.reason });
      outcomes.push({ status: 'skipped', reason: item.reason });
      continue;
    }
    const { requestId, functionName, failure } = item;
    const described = { requestId, functionName, ...failure };
    if (discard) {
      if (!selected(requestId)) {
        outcomes.push({ ...described, status: 'kept' });
        continue;
      }
      if (apply) {
        await removeAll([item.handle, ...item.duplicates]);
        // The event itself goes into the log, so a discarded event can still be read (and sent again by hand).
        options.logger.warn('Failed event discarded: it will not be redelivered', {
          ...described,
          event: item.payload,
        });
      }
      outcomes.push({ ...described, status: apply ? 'discarded' : 'would-discard' });
      continue;
    }
    if (!apply) {
      outcomes.push({ ...described, status: 'would-redeliver' });
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
      outcomes.push({ ...described, status: 'not-accepted', reason });
      continue;
    }
    await removeAll([item.handle, ...item.duplicates]);
    options.logger.info('Event redelivered and removed from the queue', {
      requestId,
      functionName,
      redeliveryRequestId,
    });
    outcomes.push({
      ...described,
      status: 'redelivered',
      ...(redeliveryRequestId ? { redeliveryRequestId } : {}),
    });
  }
  const inQueue = new Set(outcomes.map((o) => o.requestId));
  const notFound = discard && 'requestIds' in discard ? [...discard.requestIds].filter((id) => !inQueue.has(id)) : [];
  const count = (status: RedriveStatus) => outcomes.filter((o) => o.status === status).length;
  const source = options.queue.description;
  options.logger.info(
    discard
      ? apply
        ? `Discard from ${source}: ${count('discarded')} discarded, ${count('kept')} kept`
        : `Discard dry run on ${source}: ${count('would-discard')} would be discarded, ${count('kept')} kept (pass --apply)`
      : apply
        ? `Redrive from ${source}: ${count('redelivered')} redelivered, ${count('not-accepted')} not accepted, ${count('skipped')} skipped`
        : `Redrive dry run on ${source}: ${count('would-redeliver')} would be redelivered, ${count('skipped')} skipped (pass --apply)`,
  );
  if (notFound.length > 0) options.logger.error('Not in the queue: nothing discarded for these', { notFound });
  return { applied: apply, outcomes, removed, notFound };
};
