/**
 * Matches envelopes against the enabled rules and hands each match to the
 * invoker of the rule's target function. An event matching two rules that
 * target one function is delivered twice, as EventBridge does.
 */
import type { AsyncInvoker } from './async-invoker';
import type { EventEnvelope } from './envelope';
import type { EventLogger } from '../../event-processing/observability';
import type { RuleTarget } from './rules';

export type Delivery = { ruleLogicalId: string; functionName: string; requestId: string };

export type PublishResult = {
  eventId: string;
  deliveries: Delivery[];
  /** Matched rules whose target function has no local handler. */
  undelivered: { ruleLogicalId: string; functionName: string }[];
};

export type RouterStats = {
  published: number;
  matched: number;
  unmatched: number;
  undeliverable: number;
};

export type Router = {
  publish(envelope: EventEnvelope): PublishResult;
  stats(): RouterStats;
};

/** "ENABLED" and "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" both deliver. */
export const isEnabled = (target: RuleTarget): boolean => target.state.startsWith('ENABLED');

export const createRouter = (options: {
  ruleTargets: readonly RuleTarget[];
  invokerFor: (functionName: string) => AsyncInvoker | undefined;
  logger: EventLogger;
}): Router => {
  const enabled = options.ruleTargets.filter(isEnabled);
  const counters: RouterStats = { published: 0, matched: 0, unmatched: 0, undeliverable: 0 };
  const warned = new Set<string>();
  return {
    publish(envelope) {
      counters.published++;
      const result: PublishResult = { eventId: envelope.id, deliveries: [], undelivered: [] };
      for (const target of enabled) {
        if (!target.matches(envelope)) continue;
        const invoker = options.invokerFor(target.functionName);
        if (!invoker) {
          result.undelivered.push({
            ruleLogicalId: target.ruleLogicalId,
            functionName: target.functionName,
          });
          if (!warned.has(target.functionName)) {
            warned.add(target.functionName);
            options.logger.warn(
              `[event-bus] no local handler for ${target.functionName}: its events are dropped`,
            );
          }
          continue;
        }
        const { requestId } = invoker.invoke(envelope);
        result.deliveries.push({
          ruleLogicalId: target.ruleLogicalId,
          functionName: target.functionName,
          requestId,
        });
      }
      if (result.deliveries.length > 0) counters.matched++;
      else if (result.undelivered.length > 0) counters.undeliverable++;
      else counters.unmatched++;
      options.logger.debug?.(
        `[event-bus] ${envelope.source} "${envelope['detail-type']}" ${envelope.id}: ` +
          `${result.deliveries.length} delivery(ies)`,
      );
      return result;
    },
    stats: () => ({ ...counters }),
  };
};
