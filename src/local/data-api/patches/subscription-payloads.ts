/**
 * Patch: subscribers receive the mutation's response, as AppSync delivers it.
 *
 * In 2.16.x a mutation publishes its resolver's raw result (the whole DynamoDB item, the
 * stored `owner` "<sub>::<username>" included) to the subscriptions that name it in
 * `@aws_subscribe`. AppSync publishes the mutation's *response*: only the fields the mutation
 * selected, as its field resolvers returned them (`owner` is the username). So a mutation
 * that selects `{ id version }` gives subscribers nothing but those two fields, and an owner
 * filter then matches nothing: locally as in the cloud. Here the mutation resolvers'
 * publishing goes nowhere; once a mutation operation has run, each root field's response is published.
 */
import type { DocumentNode, ExecutionResult, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { requireSimulator, SIMULATOR, wrapMethod } from './simulator-modules';

type PubSub = { publish(trigger: string, payload: unknown): Promise<void> };
type RunQueryOrMutation = (
  schema: GraphQLSchema,
  doc: DocumentNode,
  variables: unknown,
  operationName: string | undefined,
  context: unknown,
) => Promise<ExecutionResult>;
type Publish = (doc: DocumentNode, operationName: string | undefined, result: ExecutionResult) => Promise<void>;

const publishers = new WeakMap<GraphQLSchema, Publish>();

/** mutation field → the subscription fields whose `@aws_subscribe(mutations: [...])` names it. */
const subscriptionsByMutation = (schema: GraphQLSchema): Map<string, string[]> => {
  const map = new Map<string, string[]>();
  for (const field of Object.values(schema.getSubscriptionType()?.getFields() ?? {})) {
    const directive = field.astNode?.directives?.find((d) => d.name.value === 'aws_subscribe');
    const mutations = directive?.arguments?.find((a) => a.name.value === 'mutations')?.value;
    if (mutations?.kind !== 'ListValue') continue;
    for (const value of mutations.values) {
      if (value.kind !== 'StringValue') continue;
      map.set(value.value, [...(map.get(value.value) ?? []), field.name]);
    }
  }
  return map;
};

const publisherFor = (schema: GraphQLSchema, pubsub: PubSub): Publish => {
  const { getOperationAST } = requireSimulator('graphql') as {
    getOperationAST(doc: DocumentNode, name?: string): OperationDefinitionNode | null | undefined;
  };
  const subscribers = subscriptionsByMutation(schema);
  return async (doc, operationName, result) => {
    const operation = getOperationAST(doc, operationName);
    if (operation?.operation !== 'mutation' || !result.data) return;
    for (const selection of operation.selectionSet.selections) {
      if (selection.kind !== 'Field') continue;
      const response = result.data[selection.alias?.value ?? selection.name.value];
      // A failed or unauthorized mutation publishes nothing.
      if (response === null || response === undefined) continue;
      for (const subscription of subscribers.get(selection.name.value) ?? []) {
        await pubsub.publish(subscription, response);
      }
    }
  };
};

type SimulatorContext = { pubsub: Pick<PubSub, 'publish'> };
export type AwsSubscribeModule = {
  getAwsSubscribeDirectiveTransformer(context: SimulatorContext): (schema: GraphQLSchema) => GraphQLSchema;
};

export const simulatorAwsSubscribe = (): AwsSubscribeModule =>
  requireSimulator(`${SIMULATOR}/lib/schema/directives/aws-subscribe.js`) as AwsSubscribeModule;

/** Upstream's publishing of raw resolver results goes nowhere: the responses are published instead. */
const SILENT: SimulatorContext = { pubsub: { publish: async () => undefined } };

export const patchSubscriptionPayloads = (): void => {
  const runner = requireSimulator(`${SIMULATOR}/lib/utils/graphql-runner/query-and-mutation.js`) as {
    runQueryOrMutation: RunQueryOrMutation;
  };
  const { AmplifyAppSyncSimulator } = requireSimulator(SIMULATOR) as {
    AmplifyAppSyncSimulator: { prototype: { init(config: unknown): void } };
  };
  wrapMethod(
    simulatorAwsSubscribe(),
    'getAwsSubscribeDirectiveTransformer',
    'subscription-payloads',
    (original) => () => original(SILENT),
  );
  wrapMethod(
    runner,
    'runQueryOrMutation',
    'subscription-payloads',
    (original) => async (schema, doc, variables, operationName, context) => {
      const result = await original(schema, doc, variables, operationName, context);
      await publishers.get(schema)?.(doc, operationName, result);
      return result;
    },
  );
  wrapMethod(
    AmplifyAppSyncSimulator.prototype,
    'init',
    'subscription-payloads',
    (original) =>
      function init(this: { schema: GraphQLSchema; pubsub: PubSub }, config: unknown) {
        original.call(this, config);
        publishers.set(this.schema, publisherFor(this.schema, this.pubsub));
      },
  );
};
