import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { END_FILES } from '../../src/recording-media/end-file';
import { IVS_RECORDINGS_PREFIX } from '../../src/recordings-bucket/recordings-prefix';

// Defined in src/ (the deletion code reads it too); re-exported for the backend's grants.
export { IVS_RECORDINGS_PREFIX };

/** The recordings' end files of the bucket, as IAM resources (no other object). */
export const endFileResources = (bucket: s3.IBucket): string[] =>
  END_FILES.map((file) => bucket.arnForObjects(`${IVS_RECORDINGS_PREFIX}*/${file}`));

/**
 * Read the end files (`events/recording-ended.json`, `events/recording-failed.json`) of
 * the recordings bucket (created or imported: the grant follows it): what media indexing
 * and reconciliation read. No list, no write, no media, no other bucket.
 */
export const grantReadEndFiles = (fn: lambda.IFunction, bucket: s3.IBucket): void => {
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'ReadIvsRecordingEndFiles',
      actions: ['s3:GetObject'],
      resources: endFileResources(bucket),
    }),
  );
};
