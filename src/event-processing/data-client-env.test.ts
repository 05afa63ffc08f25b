import { describe, expect, it } from 'vitest';
import { dataClientEnv } from './data-client-env';

const complete = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'id',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AMPLIFY_DATA_DEFAULT_NAME: 'amplifyData',
  AMPLIFY_DATA_GRAPHQL_ENDPOINT: 'https://example/graphql',
  AMPLIFY_DATA_MODEL_INTROSPECTION_SCHEMA_BUCKET_NAME: 'bucket',
  AMPLIFY_DATA_MODEL_INTROSPECTION_SCHEMA_KEY: 'modelIntrospectionSchema.json',
};

describe('given the function environment at cold start', () => {
  it('when every variable is there then it is passed on, with an empty session token if none', () => {
    expect(dataClientEnv(complete)).toMatchObject({ ...complete, AWS_SESSION_TOKEN: '' });
  });

  it('when the data variables are missing then the error names the function and each variable', () => {
    const { AMPLIFY_DATA_GRAPHQL_ENDPOINT: _e, AMPLIFY_DATA_MODEL_INTROSPECTION_SCHEMA_KEY: _k, ...rest } = complete;
    expect(() => dataClientEnv({ ...rest, AWS_LAMBDA_FUNCTION_NAME: 'ReconcileRecordings' })).toThrow(
      'ReconcileRecordings is missing environment variables: AMPLIFY_DATA_GRAPHQL_ENDPOINT, AMPLIFY_DATA_MODEL_INTROSPECTION_SCHEMA_KEY',
    );
  });
});
