import { Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';

/** CDK context key (`--context ivs-recordings-bucket=...`) and environment variable naming the bucket. */
export const RECORDINGS_BUCKET_CONTEXT = 'ivs-recordings-bucket';
export const RECORDINGS_BUCKET_ENV = 'IVS_RECORDINGS_BUCKET';
/** Where IVS auto-record writes, under the bucket: `ivs/v1/<account>/<channel id>/...`. */
export const IVS_RECORDINGS_PREFIX = 'ivs/';

/**
 * The recording configuration's bucket: the context value, else the environment
 * variable, else the convention `ivs-recordings-<account>-<region>`.
 */
export const recordingsBucketName = (stack: Stack, env: NodeJS.ProcessEnv = process.env): string => {
  const fromContext: unknown = stack.node.tryGetContext(RECORDINGS_BUCKET_CONTEXT);
  if (typeof fromContext === 'string' && fromContext !== '') return fromContext;
  const fromEnv = env[RECORDINGS_BUCKET_ENV];
  if (fromEnv) return fromEnv;
  return `ivs-recordings-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
};

/**
 * What ReconcileRecordings needs beyond its data API access: read the IVS metadata
 * files of one bucket (objects under `ivs/` only), and read stream sessions of the
 * account's IVS channels. No list, no write, no other bucket.
 */
export const grantReconcileAccess = (fn: lambda.IFunction, bucketName: string): void => {
  const stack = Stack.of(fn);
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'ReadIvsRecordingMetadata',
      actions: ['s3:GetObject'],
      resources: [`arn:${Aws.PARTITION}:s3:::${bucketName}/${IVS_RECORDINGS_PREFIX}*`],
    }),
  );
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'ReadIvsStreamSessions',
      actions: ['ivs:GetStreamSession'],
      resources: [stack.formatArn({ service: 'ivs', resource: 'channel', resourceName: '*' })],
    }),
  );
};
