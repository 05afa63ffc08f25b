import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';

/** Where IVS auto-record writes, under the bucket: `ivs/v1/<account>/<channel id>/...`. */
export const IVS_RECORDINGS_PREFIX = 'ivs/';

/**
 * What ReconcileRecordings needs beyond its data API access: read the IVS metadata
 * files of the recordings bucket (objects under `ivs/` only; created or imported, the grant follows it), and read stream sessions of the
 * account's IVS channels. No list, no write, no other bucket.
 */
export const grantReconcileAccess = (fn: lambda.IFunction, bucket: s3.IBucket): void => {
  const stack = Stack.of(fn);
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'ReadIvsRecordingMetadata',
      actions: ['s3:GetObject'],
      resources: [bucket.arnForObjects(`${IVS_RECORDINGS_PREFIX}*`)],
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
