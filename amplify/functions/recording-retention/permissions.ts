import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { grantDeleteRecordingMedia } from '../recording-media-deletion-access';

/**
 * What RecordingRetention needs beyond its data API access: list and delete the objects
 * under the recordings prefix (`ivs/`) of the recordings bucket (created or imported), and
 * nothing else: no read, no write, no other prefix or bucket.
 */
export const grantRecordingRetentionAccess = (fn: lambda.IFunction, bucket: s3.IBucket): void =>
  grantDeleteRecordingMedia(fn, bucket.bucketName);
