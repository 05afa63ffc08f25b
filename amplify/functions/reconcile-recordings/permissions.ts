import { Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';

/** Where IVS auto-record writes, under the bucket: `ivs/v1/<account>/<channel id>/...`. */
export const IVS_RECORDINGS_PREFIX = 'ivs/';

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
