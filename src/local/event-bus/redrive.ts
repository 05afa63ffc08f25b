/**
 * Redrive: hands each captured on-failure record's `requestPayload` back to its
 * function's invoker, the local version of moving messages off the on-failure
 * queue. Dry run unless `apply` is set. A record leaves the capture only once
 * its redelivery succeeded; one that fails again stays (and is not captured a
 * second time), so a redrive can be repeated safely.
 */
import type { AsyncInvoker } from './async-invoker';
import { functionNameFromArn, type FailureRecord } from './failure-record';
import type { FailureStore } from './failure-store';
import { resolveLogger, type Logger } from './logger';

export type RedriveOptions = {
  store: FailureStore;
  invokerFor: (functionName: string) => AsyncInvoker | undefined;
  /** false (default): only report what would be redelivered. */
  apply?: boolean;
  logger?: Logger;
  quiet?: boolean;
};

export type RedriveItem = {
  requestId: string;
  functionName: string | undefined;
  status: 'would-redeliver' | 'succeeded' | 'failed-again' | 'skipped';
  reason?: string;
  /** The request id of the new invocation (apply only). */
  redeliveryRequestId?: string;
};

export type RedriveReport = { applied: boolean; items: RedriveItem[]; removed: number };

type Plan = { record: FailureRecord; functionName: string; invoker: AsyncInvoker } | RedriveItem;

/** Pure: which records can be redelivered, one per request id. */
export const planRedrive = (
  records: readonly FailureRecord[],
  invokerFor: RedriveOptions['invokerFor'],
): Plan[] => {
  const seen = new Set<string>();
  const plans: Plan[] = [];
  for (const record of records) {
    const requestId = record.requestContext.requestId;
    if (seen.has(requestId)) continue; // the same failure captured twice is redelivered once
    seen.add(requestId);
    const functionName = functionNameFromArn(record.requestContext.functionArn);
    const invoker = functionName ? invokerFor(functionName) : undefined;
    plans.push(
      functionName && invoker
        ? { record, functionName, invoker }
        : {
            requestId,
            functionName,
            status: 'skipped',
            reason: functionName
              ? `no local handler for ${functionName}`
              : `unreadable functionArn ${record.requestContext.functionArn}`,
          },
    );
  }
  return plans;
};

export const redriveFailures = async (options: RedriveOptions): Promise<RedriveReport> => {
  const logger = resolveLogger(options.logger, options.quiet);
  const apply = options.apply ?? false;
  const plans = planRedrive(await options.store.readAll(), options.invokerFor);
  const items = await Promise.all(
    plans.map(
      async (plan): Promise<RedriveItem> => {
        if (!('record' in plan)) return plan;
        const requestId = plan.record.requestContext.requestId;
        if (!apply)
          return { requestId, functionName: plan.functionName, status: 'would-redeliver' };
        const { requestId: redeliveryRequestId, settled } = plan.invoker.invoke(
          plan.record.requestPayload,
          { captureFailure: false },
        );
        const outcome = await settled;
        return {
          requestId,
          functionName: plan.functionName,
          status: outcome.outcome === 'succeeded' ? 'succeeded' : 'failed-again',
          redeliveryRequestId,
        };
      },
    ),
  );
  const succeeded = new Set(items.filter((i) => i.status === 'succeeded').map((i) => i.requestId));
  const removed = succeeded.size > 0 ? await options.store.remove(succeeded) : 0;
  const count = (status: RedriveItem['status']): number =>
    items.filter((i) => i.status === status).length;
  logger.info(
    apply
      ? `[redrive] ${count('succeeded')} redelivered and removed, ${count(
          'failed-again',
        )} failed again, ${count('skipped')} skipped`
      : `[redrive] dry run: ${count('would-redeliver')} would be redelivered, ${count(
          'skipped',
        )} skipped (pass apply to redeliver)`,
  );
  return { applied: apply, items, removed };
};
