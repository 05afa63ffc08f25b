import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { IVS_RECORDINGS_PREFIX } from '../end-file-access';

/**
 * What Playback needs beyond reading Recordings through the data API: list the recordings'
 * thumbnails, keys under `ivs/` of the recordings bucket only (created or imported). It reads no object (viewers fetch the
 * media through CloudFront with the access it signs) and writes nothing.
 */
export const grantPlaybackAccess = (fn: lambda.IFunction, bucket: s3.IBucket): void => {
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'ListRecordingThumbnails',
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${IVS_RECORDINGS_PREFIX}*`] } },
    }),
  );
};
