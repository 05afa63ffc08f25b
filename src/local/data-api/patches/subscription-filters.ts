/**
 * Patch: enhanced subscription filters (`$extensions.setSubscriptionFilter`,
 * `$util.transform.toSubscriptionFilter`) are honoured, per subscriber.
 *
 * The generated subscription resolvers put the owner rule (and the client's `filter`
 * argument) into `$ctx.args.filter` and, in their response template, call
 * `$extensions.setSubscriptionFilter($util.transform.toSubscriptionFilter($ctx.args.filter))`.
 * 2.16.x has neither: every subscriber received every record, other users' included. Here
 * the filter a subscription's resolver sets is kept with that subscription's request and
 * each published response is delivered only if it matches (see ../subscription-filter.ts).
 * Arguments other than `filter` keep AppSync's basic meaning: equal to the response's field.
 * Subscription invalidation (`invalidateSubscriptions`) is not implemented: it says so.
 */
import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import {
  matchesSubscriptionFilter,
  parseSubscriptionFilter,
  toSubscriptionFilter,
  type SubscriptionFilter,
} from '../subscription-filter';
import { applyOnce, requireSimulator, SIMULATOR, wrapMethod } from './simulator-modules';

type VtlMap = { toJSON(): unknown };
type PubSub = { asyncIterator(trigger: string): AsyncIterator<unknown> };
type WithFilter = (
  iterator: () => AsyncIterator<unknown>,
  filter: (payload: unknown) => boolean,
) => () => AsyncIterator<unknown>;
type RenderContext = Record<string, unknown>;
type SimulatorContext = { appsyncErrors?: unknown[] };

/** The filter each subscription request's resolver set, keyed by that request's context. */
const filters = new WeakMap<object, SubscriptionFilter>();

const plain = (value: unknown): unknown =>
  typeof value === 'object' && value !== null && 'toJSON' in value ? (value as VtlMap).toJSON() : value;

const unsupported = (name: string) => () => {
  throw new Error(`$extensions.${name} is not supported by the local data API`);
};

const extensionsFor = (requestContext: object) => ({
  // Renders as nothing, like AppSync's void method.
  setSubscriptionFilter: (filter: unknown): string => {
    filters.set(requestContext, parseSubscriptionFilter(plain(filter)));
    return '';
  },
  setSubscriptionInvalidationFilter: unsupported('setSubscriptionInvalidationFilter'),
  invalidateSubscriptions: unsupported('invalidateSubscriptions'),
});

const argumentsMatch = (args: Record<string, unknown>, payload: Record<string, unknown>) =>
  Object.entries(args).every(
    ([name, value]) => name === 'filter' || value === null || value === undefined || payload[name] === value,
  );

type Init = (this: { schema: GraphQLSchema; pubsub: PubSub }, config: unknown) => void;
type BuildRenderContext = (this: unknown, values: unknown, requestContext: object, info: unknown) => RenderContext;

export const simulatorTransformUtilsRecord = (): Record<string, unknown> =>
  (requireSimulator(`${SIMULATOR}/lib/velocity/util/transform/index.js`) as { transformUtils: Record<string, unknown> })
    .transformUtils;

export const simulatorVelocityTemplate = () =>
  (requireSimulator(SIMULATOR) as { VelocityTemplate: { prototype: { buildRenderContext: BuildRenderContext } } })
    .VelocityTemplate;

/** Upstream's subscribe, with the filter its resolver set applied to what it would deliver. */
const filteredSubscribe = (pubsub: PubSub, fieldName: string): GraphQLFieldResolver<unknown, SimulatorContext> => {
  const { withFilter } = requireSimulator('graphql-subscriptions') as { withFilter: WithFilter };
  return (_source, args, context) => {
    if (context.appsyncErrors?.length) throw new Error('Subscription failed');
    const filter = filters.get(context);
    return withFilter(
      () => pubsub.asyncIterator(fieldName),
      (payload) => {
        const response = payload as Record<string, unknown>;
        return argumentsMatch(args, response) && (!filter || matchesSubscriptionFilter(filter, response));
      },
    )();
  };
};

export const patchSubscriptionFilters = (): void => {
  const { AmplifyAppSyncSimulator } = requireSimulator(SIMULATOR) as {
    AmplifyAppSyncSimulator: { prototype: { init: Init } };
  };
  const transformUtils = simulatorTransformUtilsRecord();
  // Upstream has no such helper, so there is nothing to wrap; should an upgrade add one, say so rather than hide it.
  applyOnce(transformUtils, 'subscription-filters.toSubscriptionFilter', () => {
    if ('toSubscriptionFilter' in transformUtils) {
      throw new Error(
        `${SIMULATOR} now has $util.transform.toSubscriptionFilter: review patches/subscription-filters.ts`,
      );
    }
    transformUtils.toSubscriptionFilter = (filter: VtlMap) => toSubscriptionFilter(plain(filter));
  });
  wrapMethod(
    simulatorVelocityTemplate().prototype,
    'buildRenderContext',
    'subscription-filters',
    (original) =>
      function buildRenderContext(this: unknown, values: unknown, requestContext: object, info: unknown) {
        return { ...original.call(this, values, requestContext, info), extensions: extensionsFor(requestContext) };
      },
  );
  wrapMethod(
    AmplifyAppSyncSimulator.prototype,
    'init',
    'subscription-filters',
    (original) =>
      function init(this: { schema: GraphQLSchema; pubsub: PubSub }, config: unknown) {
        original.call(this, config);
        // Upstream's subscribe matches every argument by equality, `filter` included, and knows no resolver filter:
        // the same appsyncErrors check and iterator, with the filter the resolver set.
        for (const field of Object.values(this.schema.getSubscriptionType()?.getFields() ?? {})) {
          field.subscribe = filteredSubscribe(this.pubsub, field.name);
        }
      },
  );
};
