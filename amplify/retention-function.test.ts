// The RecordingRetention function as synthesized: its daily schedule, the purgeRecording
// mutation it resolves for signed-in users, and a role that may list and delete objects under
// ivs/ of the recordings bucket, query and mutate the data API, and nothing more.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { loadCloudAssembly, resourcesOfType, type CloudAssembly } from '../src/cloud-assembly/assembly';
import type { CfnEvaluator } from '../src/local/data-api/cfn-evaluator';
import { evaluateAssembly, functionNamed, roleStatements } from '../src/local/data-api/role-statements';
import { RECORDING_RETENTION } from './functions/function-names';

let branch: CloudAssembly;
let ev: CfnEvaluator;
beforeAll(async () => {
  branch = await loadCloudAssembly(inject('branchAssemblyDir'));
  ev = await evaluateAssembly(branch.dir);
});

const retentionFunction = () => {
  const fns = resourcesOfType(branch, 'AWS::Lambda::Function').filter((f) =>
    (f.resource.Properties?.Tags as Array<{ Key: string; Value: string }> | undefined)?.some(
      (t) => t.Key === 'amplify:friendly-name' && t.Value === RECORDING_RETENTION,
    ),
  );
  expect(fns).toHaveLength(1);
  return fns[0]!;
};

describe('given the RecordingRetention function', () => {
  it('when synthesized then EventBridge Scheduler invokes it once a day, and it may run 15 minutes on Node 24', () => {
    const fn = retentionFunction();
    const schedules = resourcesOfType(branch, 'AWS::Scheduler::Schedule').filter(
      (s) =>
        (s.resource.Properties?.Target as { Arn?: { 'Fn::GetAtt'?: string[] } }).Arn?.['Fn::GetAtt']?.[0] ===
        fn.logicalId,
    );
    expect(schedules).toHaveLength(1);
    expect(schedules[0]!.resource.Properties).toMatchObject({
      ScheduleExpression: 'cron(0 0 * * ? *)',
      State: 'ENABLED',
    });
    expect(fn.resource.Properties).toMatchObject({ Runtime: 'nodejs24.x', Timeout: 900 });
  });

  it('when synthesized then purgeRecording is a mutation resolved by it, for signed-in users', () => {
    const resolvers = resourcesOfType(branch, 'AWS::AppSync::Resolver').filter(
      (r) => r.resource.Properties?.FieldName === 'purgeRecording',
    );
    expect(resolvers).toHaveLength(1);
    expect(resolvers[0]!.resource.Properties?.TypeName).toBe('Mutation');
    expect(JSON.stringify(resolvers[0]!.resource.Properties?.PipelineConfig)).toContain(
      'InvokeFnPurgeRecordingLambdaDataSource',
    );
    // That data source invokes this function.
    const dataSources = ev
      .resourcesOfType('AWS::AppSync::DataSource')
      .filter((d) => d.logicalId.startsWith('FnPurgeRecordingLambdaDataSource'));
    expect(dataSources).toHaveLength(1);
    const { Type, LambdaConfig } = ev.properties(dataSources[0]!) as {
      Type: string;
      LambdaConfig: { LambdaFunctionArn: string };
    };
    const fn = functionNamed(ev, RECORDING_RETENTION);
    expect(Type).toBe('AWS_LAMBDA');
    expect(LambdaConfig.LambdaFunctionArn).toBe(String(ev.attribute(fn.stack, fn.logicalId, 'Arn')));
  });

  it('when synthesized then its role lists and deletes under ivs/ of the recordings bucket, and queries and mutates the data API: these statements exactly', async () => {
    const statements = roleStatements(ev, functionNamed(ev, RECORDING_RETENTION));
    const buckets = ev
      .resourcesOfType('AWS::S3::Bucket')
      .filter((b) => b.logicalId.startsWith('RecordingsMediaRecordingsBucket'));
    expect(buckets).toHaveLength(1);
    const bucket = String(ev.attribute(buckets[0]!.stack, buckets[0]!.logicalId, 'Ref'));
    const s3 = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')));
    const others = statements.filter((s) => !s3.includes(s));
    expect(s3).toEqual([
      {
        Sid: 'ListRecordingMedia',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: `arn:aws:s3:::${bucket}`,
        Condition: { StringLike: { 's3:prefix': ['ivs/*'] } },
      },
      {
        Sid: 'DeleteRecordingMedia',
        Effect: 'Allow',
        Action: 's3:DeleteObject',
        Resource: `arn:aws:s3:::${bucket}/ivs/*`,
      },
      // The model introspection schema the data client reads at cold start.
      {
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: expect.stringMatching(/^arn:aws:s3:::[a-z0-9-]+\/modelIntrospectionSchema\.json$/),
      },
    ]);
    // Queries and mutations of the data API, its SSM settings, and Recording Deleted on the
    // default bus (the statement: backend.test.ts, lifecycle events): nothing else.
    expect(new Set(others.flatMap((s) => [s.Action].flat()))).toEqual(
      new Set(['appsync:GraphQL', 'ssm:GetParameters', 'events:PutEvents']),
    );
    const graphql = others
      .filter((s) => [s.Action].flat().includes('appsync:GraphQL'))
      .flatMap((s) => [s.Resource].flat());
    expect(graphql).toHaveLength(2);
    expect(graphql.some((r) => r.endsWith('/types/Query/*'))).toBe(true);
    expect(graphql.some((r) => r.endsWith('/types/Mutation/*'))).toBe(true);
  });
});
