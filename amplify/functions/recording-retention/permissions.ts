import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { IVS_RECORDINGS_PREFIX } from '../end-file-access';

/**
 * What RecordingRetention needs beyond its data API access: list and delete the objects
 * under the recordings prefix (`ivs/`) of the recordings bucket (created or imported), and
 * nothing else: no read, no write, no other prefix or bucket.
 */
export const grantRecordingRetentionAccess = (fn: lambda.IFunction, bucket: s3.IBucket): void => {
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'ListIvsRecordings',
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${IVS_RECORDINGS_PREFIX}*`] } },
    }),
  );
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'DeleteIvsRecordings',
      actions: ['s3:DeleteObject'],
      resources: [bucket.arnForObjects(`${IVS_RECORDINGS_PREFIX}*`)],
    }),
  );
};
