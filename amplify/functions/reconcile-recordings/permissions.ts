import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { grantReadEndFiles } from '../end-file-access';

/**
 * What ReconcileRecordings needs beyond its data API access: read the recordings' end
 * files of one bucket, and read stream sessions of the account's IVS channels. No list,
 * no write, no other object or bucket.
 */
export const grantReconcileAccess = (fn: lambda.IFunction, bucketName: string): void => {
  const stack = Stack.of(fn);
  grantReadEndFiles(fn, bucketName);
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'ReadIvsStreamSessions',
      actions: ['ivs:GetStreamSession'],
      resources: [stack.formatArn({ service: 'ivs', resource: 'channel', resourceName: '*' })],
    }),
  );
};
