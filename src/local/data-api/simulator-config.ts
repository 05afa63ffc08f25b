/**
 * The AppSync simulator's configuration for an API read from the assembly: its auth modes,
 * data sources (dynalite tables, local function handlers), pipeline functions, resolvers
 * and their mapping templates.
 */
import type * as SimulatorModule from '@aws-amplify/amplify-appsync-simulator';
import type {
  AmplifyAppSyncAuthenticationProviderConfig,
  AmplifyAppSyncSimulatorConfig,
  AppSyncSimulatorDataSourceDDBConfig,
} from '@aws-amplify/amplify-appsync-simulator';
import type { AppSyncModel } from './appsync-model';
import type { LocalDynamo } from './dynamo';
import { functionInvoker, type FunctionHandlers } from './function-data-sources';
import type { LocalNames } from './local-names';
import { USER_POOL_TOKEN_CHECK, type UserPoolTokenCheck } from './patches/user-pool-tokens';

export type Simulator = typeof SimulatorModule;
type Config = AmplifyAppSyncSimulatorConfig;
type Template = { path: string; content: string };

export type SimulatorConfigInputs = {
  model: AppSyncModel;
  names: LocalNames;
  dynamo: LocalDynamo;
  verifyUserPoolToken: UserPoolTokenCheck | undefined;
  functionHandlers: FunctionHandlers;
};

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

const dataSources = ({ model, names, dynamo, functionHandlers }: SimulatorConfigInputs): Config['dataSources'] =>
  model.dataSources.map((ds) => {
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
  });

const appSync = (sim: Simulator, { model, names, verifyUserPoolToken }: SimulatorConfigInputs): Config['appSync'] => ({
  name: model.apiName,
  defaultAuthenticationType: authProvider(sim, model.authenticationType),
  additionalAuthenticationProviders: model.additionalAuthenticationTypes.map((t) => authProvider(sim, t)),
  apiKey: names.apiKey,
  accountId: names.accountId,
  // Read by the user-pool-tokens patch (the simulator copies its appSync config whole).
  ...(verifyUserPoolToken ? { [USER_POOL_TOKEN_CHECK]: verifyUserPoolToken } : {}),
});

/** Functions and resolvers name their templates by path; the templates are collected as they are named. */
const templateCollector = () => {
  const templates = new Map<string, string>();
  return {
    location: (t: Template) => {
      templates.set(t.path, t.content);
      return t.path;
    },
    mappingTemplates: (): Config['mappingTemplates'] => [...templates].map(([path, content]) => ({ path, content })),
  };
};

const pipelineFunctions = (model: AppSyncModel, location: (t: Template) => string): NonNullable<Config['functions']> =>
  model.functions.map((f) => ({
    name: f.id,
    dataSourceName: f.dataSourceName,
    requestMappingTemplateLocation: location(f.request),
    responseMappingTemplateLocation: location(f.response),
  }));

const resolvers = (
  sim: Simulator,
  model: AppSyncModel,
  location: (t: Template) => string,
): NonNullable<Config['resolvers']> =>
  model.resolvers.map((r) =>
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

export const simulatorConfig = (sim: Simulator, inputs: SimulatorConfigInputs): Config => {
  const { location, mappingTemplates } = templateCollector();
  const functions = pipelineFunctions(inputs.model, location);
  const resolverConfigs = resolvers(sim, inputs.model, location);
  return {
    schema: inputs.model.schema,
    appSync: appSync(sim, inputs),
    dataSources: dataSources(inputs),
    functions,
    resolvers: resolverConfigs,
    mappingTemplates: mappingTemplates(),
  };
};

/** What of the API cannot be served: Lambda data sources without a local handler. */
export const missingFunctionHandlers = (model: AppSyncModel, functionHandlers: FunctionHandlers): string[] =>
  model.dataSources.flatMap((ds) =>
    ds.type === 'AWS_LAMBDA' && !functionHandlers[ds.function.friendlyName]
      ? [`data source ${ds.name} (no local handler for function ${ds.function.friendlyName})`]
      : [],
  );
