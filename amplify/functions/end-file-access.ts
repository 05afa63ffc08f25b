import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { END_FILES } from '../../src/recording-media/end-file';

/** Where IVS auto-record writes, under the bucket: `ivs/v1/<account>/<channel id>/...`. */
export const IVS_RECORDINGS_PREFIX = 'ivs/';

/** The recordings' end files of one bucket, as IAM resources (no other object). */
export const endFileResources = (bucketName: string): string[] =>
  END_FILES.map((file) => `arn:${Aws.PARTITION}:s3:::${bucketName}/${IVS_RECORDINGS_PREFIX}*/${file}`);

/**
 * Read the end files (`events/recording-ended.json`, `events/recording-failed.json`) of
 * the recordings bucket: what media indexing and reconciliation read. No list, no write,
 * no media, no other bucket.
 */
export const grantReadEndFiles = (fn: lambda.IFunction, bucketName: string): void => {
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'ReadIvsRecordingEndFiles',
      actions: ['s3:GetObject'],
      resources: endFileResources(bucketName),
    }),
  );
};
