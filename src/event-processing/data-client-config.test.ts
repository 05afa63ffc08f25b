import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import complete from './fixtures/function-environment.json';
import { dataClientSettings, modelIntrospectionRequest, modelIntrospectionUrl } from './data-client-config';

const _FIXTURE = path.join(import.meta.dirname, 'fixtures/model-introspection.json');

describe('given the function environment at cold start', () => {
  it('when every variable is there then the settings name the endpoint, region, credentials and schema object', () => {
    expect(dataClientSettings(complete)).toEqual({
      graphqlEndpoint: complete.AMPLIFY_DATA_GRAPHQL_ENDPOINT,
      region: 'us-east-1',
      credentials: {
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: complete.AWS_SECRET_ACCESS_KEY,
        sessionToken: 'session',
      },
      modelIntrospection: {
        bucket: complete.AMPLIFY_DATA_MODEL_INTROSPECTION_SCHEMA_BUCKET_NAME,
        key: complete.AMPLIFY_DATA_MODEL_INTROSPECTION_SCHEMA_KEY,
      },
    });
  });

  it('when the data variables are missing then the error names the function and each variable', () => {
    const { AMPLIFY_DATA_GRAPHQL_ENDPOINT: _e, AMPLIFY_DATA_MODEL_INTROSPECTION_SCHEMA_KEY: _k, ...rest } = complete;
    expect(() => dataClientSettings({ ...rest, AWS_LAMBDA_FUNCTION_NAME: 'ReconcileRecordings' })).toThrow(
      'ReconcileRecordings is missing environment variables: AMPLIFY_DATA_GRAPHQL_ENDPOINT, AMPLIFY_DATA_MODEL_INTROSPECTION_SCHEMA_KEY',
    );
  });

  it('when the data resource has another name then its variables are read in SCREAMING_SNAKE_CASE', () => {
    const env = {
      ...complete,
      AMPLIFY_DATA_DEFAULT_NAME: 'myRecordsApi',
      MY_RECORDS_API_GRAPHQL_ENDPOINT: 'https://other/graphql',
      MY_RECORDS_API_MODEL_INTROSPECTION_SCHEMA_BUCKET_NAME: 'b',
      MY_RECORDS_API_MODEL_INTROSPECTION_SCHEMA_KEY: 'k.json',
    };
    expect(dataClientSettings(env)).toMatchObject({
      graphqlEndpoint: 'https://other/graphql',
      modelIntrospection: { bucket: 'b', key: 'k.json' },
    });
  });
});

describe('given the model introspection schema object', () => {
  it('when on AWS then it is addressed virtual-hosted on the regional endpoint, the key encoded by segment', () => {
    const settings = dataClientSettings({
      ...complete,
      AWS_REGION: 'cn-north-1',
      AMPLIFY_DATA_MODEL_INTROSPECTION_SCHEMA_KEY: 'a b/c+d.json',
    });
    expect(modelIntrospectionUrl(settings).href).toBe(
      `https://${complete.AMPLIFY_DATA_MODEL_INTROSPECTION_SCHEMA_BUCKET_NAME}.s3.cn-north-1.amazonaws.com.cn/a%20b/c%2Bd.json`,
    );
  });

  it('when AWS_ENDPOINT_URL_S3 overrides the endpoint then it is addressed path-style there', () => {
    const settings = dataClientSettings({ ...complete, AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4566/' });
    expect(modelIntrospectionUrl(settings).href).toBe(
      `http://127.0.0.1:4566/${complete.AMPLIFY_DATA_MODEL_INTROSPECTION_SCHEMA_BUCKET_NAME}/model-schema/modelIntrospectionSchema.json`,
    );
  });

  it('when the GET is signed then its headers are the ones the AWS SDK signer computes for S3', async () => {
    const settings = dataClientSettings({
      ...complete,
      AMPLIFY_DATA_MODEL_INTROSPECTION_SCHEMA_KEY: 'model schema/introspection.json',
    });
    const signingDate = new Date('2026-03-01T12:34:56Z');
    const { url, headers } = modelIntrospectionRequest(settings, signingDate);
    // The SDK's S3 signer: SigV4 for "s3", the path signed as sent (S3 does not double-encode).
    const sdk = new SignatureV4({
      service: 's3',
      region: 'us-east-1',
      sha256: Sha256,
      credentials: settings.credentials,
      uriEscapePath: false,
    });
    const expected = await sdk.sign(
      {
        method: 'GET',
        protocol: url.protocol,
        hostname: url.hostname,
        path: url.pathname,
        query: {},
        headers: { host: url.host, 'x-amz-content-sha256': headers['x-amz-content-sha256']! },
      },
      { signingDate },
    );
    expect(headers['x-amz-content-sha256']).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(headers['x-amz-security-token']).toBe('session');
    expect(headers.authorization).toBe(expected.headers.authorization);
  });
});
