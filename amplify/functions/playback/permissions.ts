import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { IVS_RECORDINGS_PREFIX } from '../reconcile-recordings/permissions';

/**
 * What Playback needs beyond reading Recordings through the data API: list the recordings'
 * thumbnails, keys under `ivs/` of one bucket only. It reads no object (viewers fetch the
 * media through CloudFront with the access it signs) and writes nothing.
 */
export const grantPlaybackAccess = (fn: lambda.IFunction, bucketName: string): void => {
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'ListRecordingThumbnails',
      actions: ['s3:ListBucket'],
      resources: [`arn:${Aws.PARTITION}:s3:::${bucketName}`],
      conditions: { StringLike: { 's3:prefix': [`${IVS_RECORDINGS_PREFIX}*`] } },
    }),
  );
};
