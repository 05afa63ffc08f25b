// The grant of the function that deletes recordings' media, synthesized in a bare stack: the
// exact statements, on a role and on a function's role.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { grantDeleteRecordingMedia } from './recording-media-deletion-access';

/** The statements for a bucket name (a literal, or a created bucket's Ref) as CloudFormation gets them. */
const expectedStatements = (name: unknown) => {
  // CDK joins adjacent literals: a literal name is one string with the rest, a token stays apart.
  const arn = (suffix: string) => ({
    'Fn::Join': [
      '',
      typeof name === 'string'
        ? ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${name}${suffix}`]
        : ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', name, ...(suffix ? [suffix] : [])],
    ],
  });
  return [
    {
      Sid: 'ListRecordingMedia',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: arn(''),
      Condition: { StringLike: { 's3:prefix': ['ivs/*'] } },
    },
    { Sid: 'DeleteRecordingMedia', Effect: 'Allow', Action: 's3:DeleteObject', Resource: arn('/ivs/*') },
  ];
};

const policiesOf = (stack: Stack) =>
  Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).map((p) => p.Properties);

describe('given a role granted deletion of the recordings media of a bucket', () => {
  it('when synthesized then its one policy lists under ivs/ and deletes objects under ivs/ of that bucket, nothing else', () => {
    const stack = new Stack(new App(), 'Grant');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    grantDeleteRecordingMedia(role, 'team-recordings');
    const policies = policiesOf(stack);
    expect(policies).toHaveLength(1);
    expect(policies[0]!.PolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: expectedStatements('team-recordings'),
    });
    expect(policies[0]!.Roles).toEqual([{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }]);
  });

  it("when a function is granted then the same statements go to its role, and a created bucket's name (a token) names it", () => {
    const stack = new Stack(new App(), 'GrantFunction');
    const fn = new lambda.Function(stack, 'Retention', {
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
    });
    const bucket = new s3.Bucket(stack, 'Recordings');
    grantDeleteRecordingMedia(fn, bucket.bucketName);
    const statements = policiesOf(stack).flatMap((p) => p.PolicyDocument.Statement);
    expect(statements).toEqual(
      expectedStatements({ Ref: stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket) }),
    );
  });
});
