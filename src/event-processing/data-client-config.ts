/**
 * The Amplify configuration a function's data client needs, built from the function's
 * environment: what getAmplifyDataClientConfig (@aws-amplify/backend/function/runtime)
 * builds, without its dependencies. That helper fetches the model introspection schema
 * with the AWS SDK's S3 client and names its variables with @aws-amplify/platform-core,
 * which carry about 900 kB into the bundle (the S3 client, OpenTelemetry, zod, STS...)
 * for one GET at cold start. Here the GET is signed with the SigV4 signer the Amplify
 * client already carries for IAM requests. Same variables, same object, same IAM grant.
 */
import type { LibraryOptions, ResourcesConfig } from '@aws-amplify/core';
import { EMPTY_SHA256_HASH, getDnsSuffix, signRequest } from '@aws-amplify/core/internals/aws-client-utils';

type ModelIntrospection = NonNullable<NonNullable<ResourcesConfig['API']>['GraphQL']>['modelIntrospection'];

export type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

export type DataClientSettings = {
  graphqlEndpoint: string;
  region: string;
  credentials: Credentials;
  /** Where the deployment put the model introspection schema. */
  modelIntrospection: { bucket: string; key: string };
  /** AWS_ENDPOINT_URL_S3, the SDK's endpoint override (the local stack's S3), if set. */
  s3Endpoint?: string;
};

/** Amplify names the variables after the data resource in SCREAMING_SNAKE_CASE (amplifyData -> AMPLIFY_DATA). */
export const screamingSnakeCase = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

/**
 * The settings, read from the environment at cold start, so a misconfigured function fails
 * with a message naming every variable that is missing.
 */
export const dataClientSettings = (env: NodeJS.ProcessEnv): DataClientSettings => {
  const name = env.AMPLIFY_DATA_DEFAULT_NAME;
  const prefix = name ? screamingSnakeCase(name) : '';
  const data = name
    ? {
        endpoint: `${prefix}_GRAPHQL_ENDPOINT`,
        bucket: `${prefix}_MODEL_INTROSPECTION_SCHEMA_BUCKET_NAME`,
        key: `${prefix}_MODEL_INTROSPECTION_SCHEMA_KEY`,
      }
    : null;
  const required = [
    'AWS_REGION',
    ...FUNCTION_CREDENTIAL_VARIABLES,
    'AMPLIFY_DATA_DEFAULT_NAME',
    ...(data ? Object.values(data) : []),
  ];
  const missing = required.filter((key) => !env[key]);
  if (missing.length > 0 || !data) {
    throw new Error(
      `${env.AWS_LAMBDA_FUNCTION_NAME ?? 'The function'} is missing environment variables: ${missing.join(', ')}`,
    );
  }
  const value = (key: string) => env[key] as string;
  return {
    graphqlEndpoint: value(data.endpoint),
    region: value('AWS_REGION'),
    credentials: functionCredentials(env),
    modelIntrospection: { bucket: value(data.bucket), key: value(data.key) },
    ...(env.AWS_ENDPOINT_URL_S3 ? { s3Endpoint: env.AWS_ENDPOINT_URL_S3 } : {}),
  };
};

/** A Lambda function's credentials: the variables its runtime sets (checked by the caller). */
export const FUNCTION_CREDENTIAL_VARIABLES = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;

export const functionCredentials = (env: NodeJS.ProcessEnv): Credentials => ({
  accessKeyId: env.AWS_ACCESS_KEY_ID as string,
  secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string,
  ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
});

/** S3 keys are sent encoded segment by segment; the slashes stay. */
const encodeKey = (key: string) => key.split('/').map(encodeURIComponent).join('/');

/**
 * The object's URL as the SDK addresses it: virtual-hosted on AWS's regional endpoint;
 * path-style on an endpoint override (the local stack's S3 is an IP host, where the SDK
 * also uses path-style).
 */
export const s3ObjectUrl = (settings: S3Access, bucket: string, key: string): URL => {
  if (settings.s3Endpoint)
    return new URL(`${settings.s3Endpoint.replace(/\/+$/, '')}/${encodeURIComponent(bucket)}/${encodeKey(key)}`);
  return new URL(`https://${bucket}.s3.${settings.region}.${getDnsSuffix(settings.region)}/${encodeKey(key)}`);
};

export const modelIntrospectionUrl = (settings: DataClientSettings): URL =>
  s3ObjectUrl(settings, settings.modelIntrospection.bucket, settings.modelIntrospection.key);

/** What a signed S3 GET needs: the function's region, credentials and S3 endpoint override. */
export type S3Access = Pick<DataClientSettings, 'region' | 'credentials' | 's3Endpoint'>;

/** The SigV4-signed GetObject request for the model introspection schema. */
export const modelIntrospectionRequest = (
  settings: DataClientSettings,
  signingDate: Date,
): { url: URL; headers: Record<string, string> } =>
  signedGetObjectRequest(settings, settings.modelIntrospection.bucket, settings.modelIntrospection.key, signingDate);

/** A SigV4-signed GetObject request, signed with Amplify's signer (no AWS SDK in the bundle). */
export const signedGetObjectRequest = (
  settings: S3Access,
  bucket: string,
  key: string,
  signingDate: Date,
): { url: URL; headers: Record<string, string> } => {
  const url = s3ObjectUrl(settings, bucket, key);
  const signed = signRequest(
    // S3 requires the payload hash as a header; a GET has an empty payload.
    { url, method: 'GET', headers: { 'x-amz-content-sha256': EMPTY_SHA256_HASH } },
    // The path is already encoded: S3 signs it as sent (no second encoding).
    {
      credentials: settings.credentials,
      signingDate,
      signingRegion: settings.region,
      signingService: 's3',
      uriEscapePath: false,
    },
  );
  return { url, headers: signed.headers };
};

/** A model introspection schema is an object with its models; anything else is not one. */
export const parseModelIntrospection = (text: string): ModelIntrospection => {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || typeof (value as { models?: unknown }).models !== 'object') {
    throw new Error('The model introspection schema has no models');
  }
  return value as ModelIntrospection;
};

/** The error S3 answered, in the words the runtime helper used, with S3's code. */
const fetchError = (settings: DataClientSettings, status: number, body: string) => {
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1] ?? `HTTP ${status}`;
  const { bucket, key } = settings.modelIntrospection;
  const hint =
    code === 'NoSuchKey'
      ? 'Please confirm that your project has a `defineData` included in the `defineBackend` definition.'
      : 'You may need to grant this function authorization on the schema.';
  return new Error(`Error retrieving the schema from S3 (s3://${bucket}/${key}): ${code}. ${hint}`);
};

export type DataClientConfig = { resourceConfig: ResourcesConfig; libraryOptions: LibraryOptions };

/**
 * Amplify.configure's arguments for the function's data client: the API over IAM with the
 * function's own credentials, and the deployed model introspection schema.
 */
export const amplifyDataClientConfig = async (
  env: NodeJS.ProcessEnv,
  fetchImpl: typeof fetch = fetch,
): Promise<DataClientConfig> => {
  const settings = dataClientSettings(env);
  const { url, headers } = modelIntrospectionRequest(settings, new Date());
  const response = await fetchImpl(url, { headers });
  const body = await response.text();
  if (!response.ok) throw fetchError(settings, response.status, body);
  return {
    resourceConfig: {
      API: {
        GraphQL: {
          endpoint: settings.graphqlEndpoint,
          region: settings.region,
          defaultAuthMode: 'iam',
          modelIntrospection: parseModelIntrospection(body),
        },
      },
    },
    libraryOptions: {
      Auth: {
        credentialsProvider: {
          getCredentialsAndIdentityId: async () => ({ credentials: settings.credentials }),
          clearCredentialsAndIdentityId: () => undefined,
        },
      },
    },
  };
};
