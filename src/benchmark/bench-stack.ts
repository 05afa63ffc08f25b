/**
 * The local stack, assembled for measuring: the local data API (in memory), the
 * counting/failure-injecting proxy in front of it, the REAL RecordingStatusHandler module
 * configured against the proxy (its GRAPHQL endpoint variable points there), and, when
 * asked, a local event bus delivering to it with invoker hooks. Composed from the public
 * pieces of src/local (startLocalStack takes no proxy and no hooks).
 * Amplify is a process-wide singleton: one bench stack per process; the data API behind
 * the proxy can be replaced by a fresh one between phases.
 */
import type http from 'node:http';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { generateClient } from 'aws-amplify/data';
import type { Schema } from '../../amplify/data/resource';
import { startLocalDataApi, type LocalDataApi } from '../local/data-api';
import { startLocalEventBus, type InvokerHooks, type LocalEventBus, type LocalLambdaHandler } from '../local/event-bus';
import type { DataClient } from '../records-store/amplify-records-store';
import { discoverDynaliteEndpoint, dynamoClient, listeningServers, type ModelTables } from './dynamo-direct';
import { startGraphqlProxy, type GraphqlProxy } from './graphql-proxy';

import { RECORDING_STATUS_HANDLER as HANDLER_FUNCTION } from '../../amplify/functions/function-names';

export { HANDLER_FUNCTION };
/** The handler's entry, as resource.ts names it (the bench rebuilds it to check the bundling). */
export const HANDLER_ENTRY = 'amplify/functions/recording-status-handler/handler.ts';

export type RealHandler = (event: unknown) => Promise<{ outcome: string; reason?: string; id?: string }>;

export type DataPhase = {
  api: LocalDataApi;
  dynamo: DynamoDBClient;
  dynamoEndpoint: string;
  tables: ModelTables;
};

export type BenchStack = {
  assemblyDir: string;
  proxy: GraphqlProxy;
  /** The real handler module's export: one warm container. */
  handler: RealHandler;
  /** The same module's handler, made anew for each event: every event on a cold container. */
  coldContainerHandler: RealHandler;
  /** An IAM data client sharing the handler's configuration (through the proxy). */
  client: DataClient;
  data(): DataPhase;
  /** Stops the current data API and puts a fresh, empty one behind the proxy. */
  freshData(): Promise<DataPhase>;
  /** A local event bus delivering to the real handler (port 0). */
  startBus(options: {
    hooks?: InvokerHooks;
    retryDelaysMs?: readonly number[];
    concurrency?: number;
  }): Promise<LocalEventBus>;
  stop(): Promise<void>;
};

const startData = async (assemblyDir: string): Promise<DataPhase> => {
  const before: Set<http.Server> = listeningServers();
  const api = await startLocalDataApi({ assemblyDir, port: 0 });
  const { endpoint, tables } = await discoverDynaliteEndpoint(before);
  return { api, dynamo: dynamoClient(endpoint), dynamoEndpoint: endpoint, tables };
};

export const startBenchStack = async (assemblyDir: string): Promise<BenchStack> => {
  let phase = await startData(assemblyDir);
  const proxy = await startGraphqlProxy({ upstream: phase.api.graphqlUrl });
  const env = phase.api.functionEnvironment(HANDLER_FUNCTION);
  const endpointKey = Object.keys(env).find((k) => k.endsWith('_GRAPHQL_ENDPOINT'));
  if (!endpointKey) throw new Error(`${HANDLER_FUNCTION} has no *_GRAPHQL_ENDPOINT variable`);
  // As at a cold start: the environment, then the module. Logs and EMF metrics off: a line per event costs time.
  Object.assign(process.env, env, {
    [endpointKey]: proxy.url,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  const { handler, createHandler } = (await import('../../amplify/functions/recording-status-handler/handler')) as {
    handler: RealHandler;
    createHandler: () => RealHandler;
  };
  const client = generateClient<Schema>({ authMode: 'iam' });
  const buses: LocalEventBus[] = [];
  return {
    assemblyDir,
    proxy,
    handler,
    coldContainerHandler: (event) => createHandler()(event),
    client,
    data: () => phase,
    async freshData() {
      phase.dynamo.destroy();
      await phase.api.stop();
      phase = await startData(assemblyDir);
      proxy.setUpstream(phase.api.graphqlUrl);
      return phase;
    },
    async startBus({ hooks, retryDelaysMs, concurrency }) {
      const bus = await startLocalEventBus({
        assemblyDir,
        port: 0,
        handlers: { [HANDLER_FUNCTION]: handler as LocalLambdaHandler },
        quiet: true,
        ...(hooks ? { hooks } : {}),
        ...(retryDelaysMs ? { retryDelaysMs } : {}),
        ...(concurrency ? { concurrency } : {}),
      });
      buses.push(bus);
      return bus;
    },
    async stop() {
      for (const bus of buses) await bus.stop();
      await proxy.stop();
      phase.dynamo.destroy();
      await phase.api.stop();
    },
  };
};
