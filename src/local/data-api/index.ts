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
 * Auth modes: API key; Cognito user pools (tokens verified by the check passed as
 * `verifyUserPoolToken`, normally the local user pool's; without one every token is refused);
 * IAM (any SigV4-signed request is an IAM principal: signatures are not checked).
 */
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as SimulatorModule from '@aws-amplify/amplify-appsync-simulator';
import type { clientConfigTypesV1_4 } from '@aws-amplify/client-config';
import type {
  AmplifyAppSyncAuthenticationProviderConfig,
  AmplifyAppSyncSimulatorConfig,
  AppSyncSimulatorDataSourceDDBConfig,
  AppSyncSimulatorServerConfig,
} from '@aws-amplify/amplify-appsync-simulator';
import {
  readAppSyncModel,
  readBucketDeployments,
  readFunctionEnvironment,
  type AppSyncModel,
  type S3ObjectModel,
} from './appsync-model';
import { CfnEvaluator } from './cfn-evaluator';
import { functionInvoker, type FunctionHandlers } from './function-data-sources';
import { ensureTables, startDynalite, type DynamoStats, type LocalDynamo } from './dynamo';
import { localNamer, localNames, type LocalNames } from './local-names';
import { applySimulatorPatches } from './patches';
import { requireSimulator, SIMULATOR } from './patches/simulator-modules';
import { fileForKey, startLocalS3Store } from '../s3/local-s3-store';
import { USER_POOL_TOKEN_CHECK, type UserPoolTokenCheck } from './patches/user-pool-tokens';

export { localUserSub, ownerValueFor } from './owner-value';
export type { UserPoolTokenCheck } from './patches/user-pool-tokens';
export type { FunctionHandlers } from './function-data-sources';

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

/** amplify_outputs.json, version 1.4, with the sections the local API provides (auth, data). */
export type LocalAmplifyOutputs = clientConfigTypesV1_4.AWSAmplifyBackendOutputs &
  Required<Pick<clientConfigTypesV1_4.AWSAmplifyBackendOutputs, 'auth' | 'data'>>;

type AuthorizationType = clientConfigTypesV1_4.AwsAppsyncAuthorizationType;
const AUTHORIZATION_TYPES = [
  'AMAZON_COGNITO_USER_POOLS',
  'API_KEY',
  'AWS_IAM',
  'AWS_LAMBDA',
  'OPENID_CONNECT',
] as const satisfies readonly AuthorizationType[];

/** An authorization mode named in the assembly's outputs, as the outputs file types it. */
const authorizationType = (value: unknown): AuthorizationType => {
  const found = AUTHORIZATION_TYPES.find((type) => type === value);
  if (!found) throw new Error(`Unknown AppSync authorization type ${JSON.stringify(value)} in the assembly's outputs`);
  return found;
};

/** A function's environment; the named keys are those amplifyDataClientConfig requires. */
export type FunctionEnvironment = Record<string, string> & {
  AMPLIFY_DATA_DEFAULT_NAME: string;
  AWS_REGION: string;
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
  AWS_SESSION_TOKEN: string;
  AWS_ENDPOINT_URL_S3: string;
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
   */
  functionEnvironment(functionName: string): FunctionEnvironment;
  /** DynamoDB requests by operation and items read, counted at dynalite since start or reset. */
  stats(): DynamoStats;
  resetStats(): void;
  /** Timings and what of the assembly could not be served locally. */
  diagnostics: { startupMs: number; unsupported: string[] };
  stop(): Promise<void>;
};

type Simulator = typeof SimulatorModule;

const authProvider = (sim: Simulator, type: string): AmplifyAppSyncAuthenticationProviderConfig => {
  const T = sim.AmplifyAppSyncSimulatorAuthenticationType;
  switch (type) {
    case 'API_KEY':
      return { authenticationType: T.API_KEY };
    case 'AWS_IAM':
      return { authenticationType: T.AWS_IAM };
    case 'AMAZON_COGNITO_USER_POOLS':
      return { authenticationType: T.AMAZON_COGNITO_USER_POOLS, cognitoUserPoolConfig: {} };
    default: // OPENID_CONNECT and AWS_LAMBDA are not wired here (this backend uses neither)
      throw new Error(`Authorization mode ${type} is not supported by the local data API`);
  }
};

/**
 * The simulator's DynamoDB loader spreads `config` and `options` into the SDK v3 client's
 * settings; SDK v3 takes credentials only as `credentials` (top-level keys are ignored and
 * the default provider chain runs), so they go in `options`.
 */
const dynamoDataSource = (
  name: string,
  tableName: string,
  region: string,
  dynamo: LocalDynamo,
): AppSyncSimulatorDataSourceDDBConfig & { options: { credentials: LocalDynamo['credentials'] } } => ({
  type: 'AMAZON_DYNAMODB',
  name,
  config: { endpoint: dynamo.endpoint, region, tableName },
  options: { credentials: dynamo.credentials },
});

const simulatorConfig = (
  sim: Simulator,
  model: AppSyncModel,
  names: LocalNames,
  dynamo: LocalDynamo,
  verifyUserPoolToken: UserPoolTokenCheck | undefined,
  functionHandlers: FunctionHandlers,
): AmplifyAppSyncSimulatorConfig => {
  const templates = new Map<string, string>();
  const location = (t: { path: string; content: string }) => {
    templates.set(t.path, t.content);
    return t.path;
  };
  const functions: NonNullable<AmplifyAppSyncSimulatorConfig['functions']> = model.functions.map(
    (f) => ({
      name: f.id,
      dataSourceName: f.dataSourceName,
      requestMappingTemplateLocation: location(f.request),
      responseMappingTemplateLocation: location(f.response),
    }),
  );
  const resolvers: NonNullable<AmplifyAppSyncSimulatorConfig['resolvers']> = model.resolvers.map(
    (r) =>
      r.kind === 'PIPELINE'
        ? {
            kind: sim.RESOLVER_KIND.PIPELINE,
            typeName: r.typeName,
            fieldName: r.fieldName,
            functions: r.functions,
            requestMappingTemplateLocation: location(r.request),
            responseMappingTemplateLocation: location(r.response),
          }
        : {
            kind: sim.RESOLVER_KIND.UNIT,
            typeName: r.typeName,
            fieldName: r.fieldName,
            dataSourceName: r.dataSourceName,
            requestMappingTemplateLocation: location(r.request),
            responseMappingTemplateLocation: location(r.response),
          },
  );
  return {
    schema: model.schema,
    appSync: {
      name: model.apiName,
      defaultAuthenticationType: authProvider(sim, model.authenticationType),
      additionalAuthenticationProviders: model.additionalAuthenticationTypes.map((t) => authProvider(sim, t)),
      apiKey: names.apiKey,
      accountId: names.accountId,
      // Read by the user-pool-tokens patch (the simulator copies its appSync config whole).
      ...(verifyUserPoolToken ? { [USER_POOL_TOKEN_CHECK]: verifyUserPoolToken } : {}),
    },
    dataSources: model.dataSources.map((ds) => {
      switch (ds.type) {
        case 'AMAZON_DYNAMODB':
          return dynamoDataSource(ds.name, ds.tableName, names.region, dynamo);
        case 'AWS_LAMBDA':
          return {
            type: 'AWS_LAMBDA' as const,
            name: ds.name,
            invoke: functionInvoker(ds.function, functionHandlers[ds.function.friendlyName]),
          };
        case 'NONE':
          return { type: 'NONE' as const, name: ds.name };
      }
    }),
    functions,
    resolvers,
    mappingTemplates: [...templates].map(([path, content]) => ({ path, content })),
  };
};

const jsonList = (value: unknown): string[] => {
  if (typeof value !== 'string' || value === '') return [];
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
};

/**
 * amplify_outputs.json from the root stack's outputs, translated the way
 * @aws-amplify/client-config (what ampx uses) does for auth and data.
 */
const amplifyOutputsFrom = (
  outputs: Record<string, unknown>,
  names: LocalNames,
  modelIntrospection: Record<string, unknown>,
): LocalAmplifyOutputs => {
  const requirements = jsonList(outputs.passwordPolicyRequirements);
  // JSON-valued outputs go into the file as they are, when present.
  const json = (name: string): unknown => {
    const value = outputs[name];
    return typeof value === 'string' && value !== '' ? (JSON.parse(value) as unknown) : undefined;
  };
  const lists = Object.fromEntries(
    (
      [
        ['mfa_methods', 'mfaTypes'],
        ['standard_required_attributes', 'signupAttributes'],
        ['username_attributes', 'usernameAttributes'],
        ['user_verification_types', 'verificationMechanisms'],
        ['groups', 'groups'],
      ] as const
    )
      .map(([key, output]) => [key, json(output)] as const)
      .filter(([, value]) => value !== undefined),
  ) as Partial<LocalAmplifyOutputs['auth']>;
  const mfa = { OFF: 'NONE', OPTIONAL: 'OPTIONAL', ON: 'REQUIRED' } as const;
  const mfaConfiguration = mfa[String(outputs.mfaConfiguration) as keyof typeof mfa];
  const authTypes = String(outputs.awsAppsyncAdditionalAuthenticationTypes ?? '')
    .split(',')
    .filter(Boolean);
  return {
    version: '1.4',
    auth: {
      aws_region: String(outputs.authRegion ?? names.region),
      user_pool_id: String(outputs.userPoolId ?? names.userPoolId),
      user_pool_client_id: String(outputs.webClientId ?? names.userPoolClientId),
      identity_pool_id: String(outputs.identityPoolId ?? names.identityPoolId),
      ...lists,
      ...(mfaConfiguration ? { mfa_configuration: mfaConfiguration } : {}),
      ...(outputs.passwordPolicyMinLength || outputs.passwordPolicyRequirements
        ? {
            password_policy: {
              min_length: Number(outputs.passwordPolicyMinLength ?? 8),
              require_numbers: requirements.includes('REQUIRES_NUMBERS'),
              require_lowercase: requirements.includes('REQUIRES_LOWERCASE'),
              require_uppercase: requirements.includes('REQUIRES_UPPERCASE'),
              require_symbols: requirements.includes('REQUIRES_SYMBOLS'),
            },
          }
        : {}),
      unauthenticated_identities_enabled: outputs.allowUnauthenticatedIdentities === 'true',
    },
    data: {
      url: String(outputs.awsAppsyncApiEndpoint ?? names.graphqlUrl),
      aws_region: String(outputs.awsAppsyncRegion ?? names.region),
      ...(outputs.awsAppsyncApiKey ? { api_key: String(outputs.awsAppsyncApiKey) } : {}),
      default_authorization_type: authorizationType(outputs.awsAppsyncAuthenticationType),
      authorization_types: authTypes.map(authorizationType),
      model_introspection: modelIntrospection,
    },
  };
};

const FAKE_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'ASIALOCALDATAAPI0000',
  AWS_SECRET_ACCESS_KEY: 'local-data-api-secret',
  AWS_SESSION_TOKEN: 'local-data-api-session',
};

const findIntrospection = (objects: S3ObjectModel[]): S3ObjectModel => {
  const found = objects.filter((o) => o.key === 'modelIntrospectionSchema.json');
  if (found.length !== 1) {
    throw new Error(`Expected one modelIntrospectionSchema.json among the bucket deployments, found ${found.length}`);
  }
  return found[0]!;
};

export const startLocalDataApi = async (options: StartLocalDataApiOptions): Promise<LocalDataApi> => {
  const started = performance.now();
  applySimulatorPatches();
  const sim = requireSimulator(SIMULATOR) as Simulator;
  const region = options.region ?? 'us-east-1';
  const host = options.host ?? '127.0.0.1';
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
    const dynamo = await startDynalite({ ...(options.dataDir ? { path: options.dataDir } : {}), region });
    stops.push(() => dynamo.stop());

    // The server must listen first: its URL is part of what the templates evaluate to.
    const serverConfig: AppSyncSimulatorServerConfig & { host: string } = {
      port: options.port ?? 0,
      host,
    };
    const simulator = new sim.AmplifyAppSyncSimulator(serverConfig);
    await simulator.start();
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
    const modelIntrospection = JSON.parse(
      await readFile(findIntrospection(objects).file, 'utf8'),
    ) as Record<string, unknown>;
    // The objects the bucket deployments would upload, served by the local S3 store (read-only).
    const s3Root = await mkdtemp(path.join(os.tmpdir(), 'local-data-api-s3-'));
    stops.push(() => rm(s3Root, { recursive: true, force: true }));
    for (const object of objects) {
      const file = fileForKey(s3Root, object.bucket, object.key);
      if (!file) throw new Error(`Bucket deployment key ${object.key} cannot be served locally`);
      await mkdir(path.dirname(file), { recursive: true });
      await copyFile(object.file, file);
    }
    const s3 = await startLocalS3Store({ root: s3Root, port: 0, readOnly: true });
    stops.push(() => s3.stop());
    const functionHandlers = options.functionHandlers ?? {};
    simulator.init(simulatorConfig(sim, model, names, dynamo, options.verifyUserPoolToken, functionHandlers));
    for (const ds of model.dataSources) {
      if (ds.type === 'AWS_LAMBDA' && !functionHandlers[ds.function.friendlyName]) {
        model.unsupported.push(`data source ${ds.name} (no local handler for function ${ds.function.friendlyName})`);
      }
    }
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
      functionEnvironment: (functionName) => {
        const fn = readFunctionEnvironment(ev, functionName);
        if (fn.environment.AMPLIFY_DATA_DEFAULT_NAME === undefined) {
          throw new Error(`${functionName} has no access to the data API (no AMPLIFY_DATA_DEFAULT_NAME)`);
        }
        return {
          AMPLIFY_DATA_DEFAULT_NAME: fn.environment.AMPLIFY_DATA_DEFAULT_NAME,
          ...fn.environment,
          // Resolved above from the SSM parameters; no SSM lookup at cold start.
          AMPLIFY_SSM_ENV_CONFIG: '{}',
          AWS_REGION: region,
          AWS_DEFAULT_REGION: region,
          AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
          ...FAKE_CREDENTIALS,
          AWS_ENDPOINT_URL_S3: s3.endpoint,
        };
      },
      stats: () => dynamo.stats(),
      resetStats: () => dynamo.resetStats(),
      diagnostics: { startupMs, unsupported: model.unsupported },
      stop: () => (stopped ??= stopAll()),
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
};
