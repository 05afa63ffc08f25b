import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { grantReadEndFiles } from '../end-file-access';

/**
 * What ReconcileRecordings needs beyond its data API access: read the recordings' end
 * files of the recordings bucket (created or imported: the grant follows it), and read
 * stream sessions of the account's IVS channels. No list, no write, no other object or bucket.
 */
export const grantReconcileAccess = (fn: lambda.IFunction, bucket: s3.IBucket): void => {
  const stack = Stack.of(fn);
  grantReadEndFiles(fn, bucket);
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'ReadIvsStreamSessions',
      actions: ['ivs:GetStreamSession'],
      resources: [stack.formatArn({ service: 'ivs', resource: 'channel', resourceName: '*' })],
    }),
  );
};
