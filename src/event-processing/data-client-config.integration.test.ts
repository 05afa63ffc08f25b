import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileForKey, startLocalS3Store, type LocalS3Store } from '../local/s3/local-s3-store';
import { amplifyDataClientConfig } from './data-client-config';
import complete from './fixtures/function-environment.json';

const FIXTURE = path.join(import.meta.dirname, 'fixtures/model-introspection.json');

describe('given an S3 endpoint serving the schema', () => {
  let s3: LocalS3Store;
  let root: string;
  const bucket = complete.AMPLIFY_DATA_MODEL_INTROSPECTION_SCHEMA_BUCKET_NAME;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'data-client-config-'));
    const file = fileForKey(root, bucket, complete.AMPLIFY_DATA_MODEL_INTROSPECTION_SCHEMA_KEY);
    if (!file) throw new Error('fixture key cannot be served');
    await mkdir(path.dirname(file), { recursive: true });
    await copyFile(FIXTURE, file);
    s3 = await startLocalS3Store({ root, port: 0, readOnly: true });
  });
  afterAll(async () => {
    await s3?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('when the function configures itself then Amplify gets the API over IAM, the schema and its own credentials', async () => {
    const { resourceConfig, libraryOptions } = await amplifyDataClientConfig({
      ...complete,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
    });
    expect(resourceConfig).toEqual({
      API: {
        GraphQL: {
          endpoint: complete.AMPLIFY_DATA_GRAPHQL_ENDPOINT,
          region: 'us-east-1',
          defaultAuthMode: 'iam',
          modelIntrospection: JSON.parse(await readFile(FIXTURE, 'utf8')),
        },
      },
    });
    await expect(
      libraryOptions.Auth?.credentialsProvider?.getCredentialsAndIdentityId({
        authenticated: false,
        authConfig: undefined,
        forceRefresh: false,
      }),
    ).resolves.toEqual({
      credentials: {
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: complete.AWS_SECRET_ACCESS_KEY,
        sessionToken: 'session',
      },
    });
  });

  it('when the object is missing then the error names the object, S3 code and what to check', async () => {
    await expect(
      amplifyDataClientConfig({
        ...complete,
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AMPLIFY_DATA_MODEL_INTROSPECTION_SCHEMA_KEY: 'missing.json',
      }),
    ).rejects.toThrow(
      `Error retrieving the schema from S3 (s3://${bucket}/missing.json): NoSuchKey. Please confirm that your project has a \`defineData\``,
    );
  });
});
