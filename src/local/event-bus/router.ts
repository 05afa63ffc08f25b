/**
 * Matches envelopes against the enabled rules: one delivery per matching rule
 * target. An event matching two rules that target one function is delivered
 * twice, as EventBridge does. The bus journals the deliveries, then starts them.
 */
import type { EventEnvelope } from './envelope';
import type { EventLogger } from '../../event-processing/observability';
import type { RuleTarget } from './rules';

export type Route = { ruleLogicalId: string; functionName: string };

export type Delivery = Route & { requestId: string };

export type Routing = {
  eventId: string;
  /** Matched rule targets that have a local handler. */
  routes: Route[];
  /** Matched rules whose target function has no local handler. */
  undelivered: Route[];
};

export type PublishResult = {
  eventId: string;
  deliveries: Delivery[];
  /** Matched rules whose target function has no local handler. */
  undelivered: Route[];
};

export type RouterStats = {
  published: number;
  matched: number;
  unmatched: number;
  undeliverable: number;
};

export type Router = {
  route(envelope: EventEnvelope): Routing;
  stats(): RouterStats;
};

/** "ENABLED" and "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS" both deliver. */
export const isEnabled = (target: RuleTarget): boolean => target.state.startsWith('ENABLED');

export const createRouter = (options: {
  ruleTargets: readonly RuleTarget[];
  hasHandler: (functionName: string) => boolean;
  logger: EventLogger;
}): Router => {
  const enabled = options.ruleTargets.filter(isEnabled);
  const counters: RouterStats = { published: 0, matched: 0, unmatched: 0, undeliverable: 0 };
  const warned = new Set<string>();
  return {
    route(envelope) {
      counters.published++;
      const result: Routing = { eventId: envelope.id, routes: [], undelivered: [] };
      for (const target of enabled) {
        if (!target.matches(envelope)) continue;
        if (!options.hasHandler(target.functionName)) {
          result.undelivered.push({
            ruleLogicalId: target.ruleLogicalId,
            functionName: target.functionName,
          });
          if (!warned.has(target.functionName)) {
            warned.add(target.functionName);
            options.logger.warn(`[event-bus] no local handler for ${target.functionName}: its events are dropped`);
          }
          continue;
        }
        result.routes.push({ ruleLogicalId: target.ruleLogicalId, functionName: target.functionName });
      }
      if (result.routes.length > 0) counters.matched++;
      else if (result.undelivered.length > 0) counters.undeliverable++;
      else counters.unmatched++;
      options.logger.debug?.(
        `[event-bus] ${envelope.source} "${envelope['detail-type']}" ${envelope.id}: ` +
          `${result.routes.length} delivery(ies)`,
      );
      return result;
    },
    stats: () => ({ ...counters }),
  };
};
