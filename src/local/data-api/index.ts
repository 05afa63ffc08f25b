/**
 * A local, AppSync-compatible Amplify Data API that runs the REAL synthesized resolvers.
 *
 * From a synthesized (sandbox) cloud assembly it evaluates the CloudFormation of every
 * nested stack, then serves the transformed schema with the generated VTL pipeline
 * resolvers in @aws-amplify/amplify-appsync-simulator, backed by dynalite tables and GSIs
 * created from the `Custom::AmplifyDynamoDBTable` resources. A tiny S3 endpoint serves the
 * objects the bucket deployments would upload (the model introspection schema functions
 * download at cold start). The simulator stays behind this one adapter.
 *
 * The jobs live beside this file: simulator-config.ts, bucket-deployments.ts, amplify-outputs.ts,
 * function-environment.ts, dynamo.ts (tables); this file starts them in order and keeps the public API.
 *
 * Auth modes: API key; Cognito user pools (tokens verified by the check passed as
 * `verifyUserPoolToken`, normally the local user pool's; without one every token is refused);
 * IAM (any SigV4-signed request is an IAM principal: signatures are not checked).
 */
import { mkdir } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { AppSyncSimulatorServerConfig } from '@aws-amplify/amplify-appsync-simulator';
import { amplifyOutputsFrom, type LocalAmplifyOutputs } from './amplify-outputs';
import { readAppSyncModel } from './appsync-model';
import { readBucketDeployments, readModelIntrospection, serveBucketDeployments } from './bucket-deployments';
import { CfnEvaluator } from './cfn-evaluator';
import { ensureTables, startDynalite, type DynamoStats, type LocalDynamo } from './dynamo';
import type { FunctionHandlers } from './function-data-sources';
import { localFunctionEnvironment, type FunctionEnvironment } from './function-environment';
import { localNamer, localNames } from './local-names';
import { applySimulatorPatches } from './patches';
import { requireSimulator, SIMULATOR } from './patches/simulator-modules';
import type { UserPoolTokenCheck } from './patches/user-pool-tokens';
import { missingFunctionHandlers, simulatorConfig, type Simulator } from './simulator-config';

export { localUserSub, ownerValueFor } from './owner-value';
export type { UserPoolTokenCheck } from './patches/user-pool-tokens';
export type { FunctionHandlers } from './function-data-sources';
export type { LocalAmplifyOutputs } from './amplify-outputs';
export type { FunctionEnvironment } from './function-environment';

export type StartLocalDataApiOptions = {
  /** A synthesized cloud assembly (sandbox), e.g. `.amplify/synth/sandbox`. */
  assemblyDir: string;
  /** GraphQL HTTP port. Default 0: a free port (npm start passes LOCAL_PORTS.data). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Persist the DynamoDB data here (LevelDB) across restarts; absent = in memory. */
  dataDir?: string;
  /** Default 'us-east-1'. */
  region?: string;
  /**
   * The handler modules of the functions behind custom operations (`a.handler.function`),
   * by Amplify function name, loaded on first call: `{ MyFn: async () => (await import(
   * './amplify/functions/my-fn/handler')).handler }`.
   */
  functionHandlers?: FunctionHandlers;
  /**
   * Decides whether a bearer token is a valid user pool token (signature, issuer, audience,
   * expiry): the local user pool's `verifyToken`. Absent: every user pool token gets 401.
   */
  verifyUserPoolToken?: UserPoolTokenCheck;
};

export type LocalDataApi = {
  graphqlUrl: string;
  apiKey: string;
  region: string;
  /** The assembly's modelIntrospectionSchema.json (what generateClient needs). */
  modelIntrospection: Record<string, unknown>;
  userPool: { userPoolId: string; userPoolClientId: string; identityPoolId: string };
  /** A valid amplify_outputs.json (version 1.4) with auth and data for these local endpoints. */
  amplifyOutputs(): LocalAmplifyOutputs;
  /**
   * The environment a deployed function gets, made local: for amplifyDataClientConfig
   * (src/event-processing) and the function's handler. Includes fake AWS credentials and
   * AWS_ENDPOINT_URL_S3 (the local S3 endpoint serving the model introspection schema).
   * A function's secrets (`secret('NAME')`) are not in the assembly: pass their local values.
   */
  /** `eventsEndpoint`: the local bus a function publishing lifecycle events sends to (none: it publishes nothing). */
  functionEnvironment(
    functionName: string,
    secrets?: Record<string, string>,
    local?: { eventsEndpoint?: string },
  ): FunctionEnvironment;
  /** DynamoDB requests by operation and items read, counted at dynalite since start or reset. */
  stats(): DynamoStats;
  resetStats(): void;
  /** Timings and what of the assembly could not be served locally. */
  diagnostics: { startupMs: number; unsupported: string[] };
  stop(): Promise<void>;
};

/** Stops what has started, last first; each start pushes its stop. */
const stopList = () => {
  const stops: (() => Promise<void>)[] = [];
  return {
    push: (stop: () => Promise<void>) => void stops.push(stop),
    stopAll: async () => {
      for (const stop of stops.splice(0).reverse()) await stop();
    },
  };
};

const startDynamo = async (options: StartLocalDataApiOptions, region: string): Promise<LocalDynamo> => {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  return startDynalite({ ...(options.dataDir ? { path: options.dataDir } : {}), region });
};

// The server must listen first: its URL is part of what the templates evaluate to.
const startSimulator = async (sim: Simulator, options: StartLocalDataApiOptions) => {
  const serverConfig: AppSyncSimulatorServerConfig & { host: string } = {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
  };
  const simulator = new sim.AmplifyAppSyncSimulator(serverConfig);
  await simulator.start();
  return simulator;
};

export const startLocalDataApi = async (options: StartLocalDataApiOptions): Promise<LocalDataApi> => {
  const started = performance.now();
  applySimulatorPatches();
  const sim = requireSimulator(SIMULATOR) as Simulator;
  const region = options.region ?? 'us-east-1';
  const stops = stopList();
  try {
    const dynamo = await startDynamo(options, region);
    stops.push(() => dynamo.stop());
    const simulator = await startSimulator(sim, options);
    stops.push(() => simulator.stop());
    const names = localNames(region, `${simulator.url}/graphql`);

    const ev = await CfnEvaluator.load(options.assemblyDir, {
      region,
      accountId: names.accountId,
      namer: localNamer(names),
    });
    const model = await readAppSyncModel(ev);
    await ensureTables(dynamo, region, model.tables);
    const objects = await readBucketDeployments(ev);
    const modelIntrospection = await readModelIntrospection(objects);
    const s3 = await serveBucketDeployments(objects);
    stops.push(() => s3.stop());
    const functionHandlers = options.functionHandlers ?? {};
    const { verifyUserPoolToken } = options;
    simulator.init(simulatorConfig(sim, { model, names, dynamo, verifyUserPoolToken, functionHandlers }));
    model.unsupported.push(...missingFunctionHandlers(model, functionHandlers));
    const outputs = amplifyOutputsFrom(ev.rootOutputs(), names, modelIntrospection);
    dynamo.resetStats(); // count the API's traffic, not the table setup
    const startupMs = performance.now() - started;

    let stopped: Promise<void> | undefined;
    return {
      graphqlUrl: names.graphqlUrl,
      apiKey: names.apiKey,
      region,
      modelIntrospection,
      userPool: {
        userPoolId: names.userPoolId,
        userPoolClientId: names.userPoolClientId,
        identityPoolId: names.identityPoolId,
      },
      amplifyOutputs: () => structuredClone(outputs),
      functionEnvironment: (functionName, secrets, local) =>
        localFunctionEnvironment(ev, functionName, {
          region,
          s3Endpoint: s3.endpoint,
          ...(secrets ? { secrets } : {}),
          ...(local?.eventsEndpoint ? { eventsEndpoint: local.eventsEndpoint } : {}),
        }),
      stats: () => dynamo.stats(),
      resetStats: () => dynamo.resetStats(),
      diagnostics: { startupMs, unsupported: model.unsupported },
      stop: () => (stopped ??= stops.stopAll()),
    };
  } catch (e) {
    await stops.stopAll();
    throw e;
  }
};
