import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IVS_RECORDINGS_PREFIX } from '../../src/recordings-bucket/recordings-prefix';

/**
 * What deleting a recording's media needs (`deleteObjectsUnderPrefix`): list keys under
 * `ivs/` of the recordings bucket and delete objects under `ivs/` (DeleteObjects is
 * authorized as s3:DeleteObject per key). No read, no write, no version or bucket-wide
 * action, no other bucket. Given to the retention function's role (or the function itself).
 */
export const grantDeleteRecordingMedia = (grantee: iam.IGrantable, bucketName: string): void => {
  const bucketArn = `arn:${Aws.PARTITION}:s3:::${bucketName}`;
  const { grantPrincipal } = grantee;
  grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'ListRecordingMedia',
      actions: ['s3:ListBucket'],
      resources: [bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${IVS_RECORDINGS_PREFIX}*`] } },
    }),
  );
  grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: 'DeleteRecordingMedia',
      actions: ['s3:DeleteObject'],
      resources: [`${bucketArn}/${IVS_RECORDINGS_PREFIX}*`],
    }),
  );
};
