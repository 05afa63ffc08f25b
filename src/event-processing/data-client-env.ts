import type { getAmplifyDataClientConfig } from '@aws-amplify/backend/function/runtime';

type DataClientEnv = Parameters<typeof getAmplifyDataClientConfig>[0];

/**
 * The environment getAmplifyDataClientConfig reads, checked at cold start so a
 * misconfigured function fails with a message naming what is missing.
 */
export const dataClientEnv = (env: NodeJS.ProcessEnv): DataClientEnv => {
  const name = env.AMPLIFY_DATA_DEFAULT_NAME;
  // Amplify names the variables after the data resource in SCREAMING_SNAKE_CASE (amplifyData -> AMPLIFY_DATA).
  const prefix = name ? name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase() : '';
  const required = [
    'AWS_REGION',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AMPLIFY_DATA_DEFAULT_NAME',
    ...(name ? [`${prefix}_GRAPHQL_ENDPOINT`, `${prefix}_MODEL_INTROSPECTION_SCHEMA_BUCKET_NAME`, `${prefix}_MODEL_INTROSPECTION_SCHEMA_KEY`] : []),
  ];
  const missing = required.filter((key) => !env[key]);
  if (missing.length > 0) {
    throw new Error(`${env.AWS_LAMBDA_FUNCTION_NAME ?? 'The function'} is missing environment variables: ${missing.join(', ')}`);
  }
  return { ...env, AWS_SESSION_TOKEN: env.AWS_SESSION_TOKEN ?? '' } as DataClientEnv;
};
