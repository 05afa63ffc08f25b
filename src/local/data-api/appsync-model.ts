/**
 * Reads, from an evaluated cloud assembly, everything the local AppSync needs: the API and
 * its auth modes, the transformed schema, data sources, pipeline functions and resolvers
 * with their VTL (inline or `asset.<hash>.vtl`), the model tables with their GSIs and the
 * Lambda data sources (bucket-deployments.ts and function-environment.ts read the rest).
 * Nothing is copied by hand: a change of the data schema shows up here after a synth.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LAMBDA_DEFAULT_TIMEOUT_SECONDS } from '../event-bus/lambda-defaults';
import type { CfnEvaluator, ResourceRef } from './cfn-evaluator';

export type MappingTemplate = { path: string; content: string };

export type DataSourceModel =
  | { name: string; type: 'AMAZON_DYNAMODB'; tableName: string }
  | { name: string; type: 'NONE' }
  /** A function data source (`a.handler.function(...)`): the Lambda function it invokes. */
  | { name: string; type: 'AWS_LAMBDA'; function: LambdaFunctionModel };

/** A Lambda function of the assembly: its Amplify name (`defineFunction({ name })`), name, ARN, timeout. */
export type LambdaFunctionModel = { friendlyName: string; functionName: string; arn: string; timeoutSeconds: number };

export type FunctionModel = {
  id: string;
  name: string;
  dataSourceName: string;
  request: MappingTemplate;
  response: MappingTemplate;
};

export type ResolverModel =
  | {
      kind: 'PIPELINE';
      typeName: string;
      fieldName: string;
      functions: string[];
      request: MappingTemplate;
      response: MappingTemplate;
    }
  | {
      kind: 'UNIT';
      typeName: string;
      fieldName: string;
      dataSourceName: string;
      request: MappingTemplate;
      response: MappingTemplate;
    };

export type KeySchemaElement = { AttributeName: string; KeyType: 'HASH' | 'RANGE' };
export type Projection = {
  ProjectionType?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  NonKeyAttributes?: string[];
};
export type TableModel = {
  TableName: string;
  AttributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  KeySchema: KeySchemaElement[];
  GlobalSecondaryIndexes?: {
    IndexName: string;
    KeySchema: KeySchemaElement[];
    Projection: Projection;
  }[];
  LocalSecondaryIndexes?: {
    IndexName: string;
    KeySchema: KeySchemaElement[];
    Projection: Projection;
  }[];
};

export type AppSyncModel = {
  apiName: string;
  authenticationType: string;
  additionalAuthenticationTypes: string[];
  schema: MappingTemplate;
  dataSources: DataSourceModel[];
  functions: FunctionModel[];
  resolvers: ResolverModel[];
  tables: TableModel[];
  /** What the assembly holds that the local API cannot run (skipped, with the reason). */
  unsupported: string[];
};

const one = (found: ResourceRef[], what: string): ResourceRef => {
  if (found.length !== 1) throw new Error(`Expected one ${what} in the assembly, found ${found.length}`);
  return found[0]!;
};

/** A mapping template given inline or as an S3 location of an asset. */
const mappingTemplate = async (
  ev: CfnEvaluator,
  ref: ResourceRef,
  props: Record<string, unknown>,
  which: 'Request' | 'Response',
): Promise<MappingTemplate | undefined> => {
  const inline = props[`${which}MappingTemplate`];
  if (typeof inline === 'string') {
    return { path: `${ref.stack.id}/${ref.logicalId}.${which.toLowerCase()}.vtl`, content: inline };
  }
  const location = ref.resource.Properties?.[`${which}MappingTemplateS3Location`];
  if (location === undefined) return undefined;
  const file = ev.assetPath(location, ref.stack);
  return { path: path.basename(file), content: await readFile(file, 'utf8') };
};

const isJsRuntime = (props: Record<string, unknown>) =>
  (props.Runtime as { Name?: string } | undefined)?.Name === 'APPSYNC_JS' ||
  props.Code !== undefined ||
  props.CodeS3Location !== undefined;

/** Capitalizes keys of the table custom resource (attributeName → AttributeName). */
const pascalKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(pascalKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), pascalKeys(v)]),
  );
};

const tableModel = (ev: CfnEvaluator, ref: ResourceRef): TableModel => {
  const props = pascalKeys(ev.properties(ref)) as Record<string, unknown>;
  const index = (i: Record<string, unknown>) => ({
    IndexName: i.IndexName as string,
    KeySchema: i.KeySchema as KeySchemaElement[],
    Projection: (i.Projection ?? { ProjectionType: 'ALL' }) as Projection,
  });
  const gsis = (props.GlobalSecondaryIndexes as Record<string, unknown>[] | undefined) ?? [];
  const lsis = (props.LocalSecondaryIndexes as Record<string, unknown>[] | undefined) ?? [];
  return {
    TableName: String(props.TableName),
    AttributeDefinitions: props.AttributeDefinitions as TableModel['AttributeDefinitions'],
    KeySchema: props.KeySchema as KeySchemaElement[],
    ...(gsis.length > 0 ? { GlobalSecondaryIndexes: gsis.map(index) } : {}),
    ...(lsis.length > 0 ? { LocalSecondaryIndexes: lsis.map(index) } : {}),
  };
};

export const readAppSyncModel = async (ev: CfnEvaluator): Promise<AppSyncModel> => {
  const unsupported: string[] = [];
  const api = one(ev.resourcesOfType('AWS::AppSync::GraphQLApi'), 'AWS::AppSync::GraphQLApi');
  const apiProps = ev.properties(api);
  const apiId = ev.attribute(api.stack, api.logicalId, 'ApiId');
  const ofApi = (type: string) =>
    ev.resourcesOfType(type).filter((r) => ev.evaluate(r.resource.Properties?.ApiId, r.stack) === apiId);

  const schemaRef = one(ofApi('AWS::AppSync::GraphQLSchema'), 'AWS::AppSync::GraphQLSchema');
  const schemaProps = ev.properties(schemaRef);
  const schema: MappingTemplate =
    typeof schemaProps.Definition === 'string'
      ? { path: 'schema.graphql', content: schemaProps.Definition }
      : await (async () => {
          const file = ev.assetPath(schemaRef.resource.Properties?.DefinitionS3Location, schemaRef.stack);
          return { path: path.basename(file), content: await readFile(file, 'utf8') };
        })();

  const lambdaFunctions = readLambdaFunctions(ev);
  const dataSources: DataSourceModel[] = [];
  for (const ref of ofApi('AWS::AppSync::DataSource')) {
    const props = ev.properties(ref);
    const name = String(props.Name);
    if (props.Type === 'AMAZON_DYNAMODB') {
      const config = props.DynamoDBConfig as { TableName: string };
      dataSources.push({ name, type: 'AMAZON_DYNAMODB', tableName: config.TableName });
    } else if (props.Type === 'NONE') {
      dataSources.push({ name, type: 'NONE' });
    } else if (props.Type === 'AWS_LAMBDA') {
      const arn = String((props.LambdaConfig as { LambdaFunctionArn?: unknown } | undefined)?.LambdaFunctionArn);
      const fn = lambdaFunctions.find((f) => arn === f.arn || arn.startsWith(`${f.arn}:`));
      if (fn) dataSources.push({ name, type: 'AWS_LAMBDA', function: fn });
      else unsupported.push(`data source ${name} (Lambda function ${arn} is not in the assembly)`);
    } else {
      unsupported.push(`data source ${name} of type ${String(props.Type)}`);
    }
  }
  const knownSources = new Set(dataSources.map((d) => d.name));

  const functions: FunctionModel[] = [];
  for (const ref of ofApi('AWS::AppSync::FunctionConfiguration')) {
    const props = ev.properties(ref);
    const id = String(ev.attribute(ref.stack, ref.logicalId, 'FunctionId'));
    const dataSourceName = String(props.DataSourceName);
    const request = await mappingTemplate(ev, ref, props, 'Request');
    const response = await mappingTemplate(ev, ref, props, 'Response');
    if (isJsRuntime(props) || !request || !response) {
      unsupported.push(`pipeline function ${String(props.Name)} (APPSYNC_JS or no VTL)`);
      continue;
    }
    if (!knownSources.has(dataSourceName)) {
      unsupported.push(`pipeline function ${String(props.Name)} (data source ${dataSourceName})`);
      continue;
    }
    functions.push({ id, name: String(props.Name), dataSourceName, request, response });
  }
  const knownFunctions = new Set(functions.map((f) => f.id));

  const resolvers: ResolverModel[] = [];
  for (const ref of ofApi('AWS::AppSync::Resolver')) {
    const props = ev.properties(ref);
    const typeName = String(props.TypeName);
    const fieldName = String(props.FieldName);
    const label = `resolver ${typeName}.${fieldName}`;
    const request = await mappingTemplate(ev, ref, props, 'Request');
    const response = await mappingTemplate(ev, ref, props, 'Response');
    if (isJsRuntime(props) || !request || !response) {
      unsupported.push(`${label} (APPSYNC_JS or no VTL)`);
      continue;
    }
    if (props.Kind === 'PIPELINE') {
      const fns = ((props.PipelineConfig as { Functions?: unknown[] } | undefined)?.Functions ?? []).map(String);
      const missing = fns.filter((f) => !knownFunctions.has(f));
      if (missing.length > 0) {
        unsupported.push(`${label} (uses unsupported functions)`);
        continue;
      }
      resolvers.push({ kind: 'PIPELINE', typeName, fieldName, functions: fns, request, response });
    } else {
      const dataSourceName = String(props.DataSourceName);
      if (!knownSources.has(dataSourceName)) {
        unsupported.push(`${label} (data source ${dataSourceName})`);
        continue;
      }
      resolvers.push({ kind: 'UNIT', typeName, fieldName, dataSourceName, request, response });
    }
  }

  const tables = [
    ...ev.resourcesOfType('Custom::AmplifyDynamoDBTable'),
    ...ev.resourcesOfType('AWS::DynamoDB::Table'),
  ].map((ref) => tableModel(ev, ref));

  return {
    apiName: String(apiProps.Name),
    authenticationType: String(apiProps.AuthenticationType),
    additionalAuthenticationTypes: (
      (apiProps.AdditionalAuthenticationProviders as { AuthenticationType: string }[] | undefined) ?? []
    ).map((p) => p.AuthenticationType),
    schema,
    dataSources,
    functions,
    resolvers,
    tables,
    unsupported,
  };
};

export const friendlyNameOf = (ref: ResourceRef): string | undefined =>
  ((ref.resource.Properties?.Tags as { Key: string; Value: unknown }[] | undefined) ?? [])
    .filter((t) => t.Key === 'amplify:friendly-name')
    .map((t) => String(t.Value))[0];

/** The assembly's Amplify functions (tagged with their friendly name), as they would deploy. */
export const readLambdaFunctions = (ev: CfnEvaluator): LambdaFunctionModel[] =>
  ev.resourcesOfType('AWS::Lambda::Function').flatMap((ref) => {
    const friendlyName = friendlyNameOf(ref);
    if (friendlyName === undefined) return [];
    const props = ev.properties(ref);
    return [
      {
        friendlyName,
        functionName: String(ev.attribute(ref.stack, ref.logicalId, 'Ref')),
        arn: String(ev.attribute(ref.stack, ref.logicalId, 'Arn')),
        timeoutSeconds: typeof props.Timeout === 'number' ? props.Timeout : LAMBDA_DEFAULT_TIMEOUT_SECONDS,
      },
    ];
  });
