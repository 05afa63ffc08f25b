// The RecordingStats function as synthesized: the query it serves (signed-in users), the index it
// reads (owner + recordedAt, so a caller's range is one query, never the table), and a role that
// may query the data API and read the model introspection schema, nothing more.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { loadCloudAssembly, resourcesOfType, type CloudAssembly } from '../src/cloud-assembly/assembly';
import { readTransformedSchema } from '../src/local/data-api/transformed-schema';
import { RECORDING_STATS } from './functions/function-names';

let branch: CloudAssembly;
beforeAll(async () => {
  branch = await loadCloudAssembly(inject('branchAssemblyDir'));
});

type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown };

const statsFunction = () => {
  const fns = resourcesOfType(branch, 'AWS::Lambda::Function').filter((f) =>
    (f.resource.Properties?.Tags as Array<{ Key: string; Value: string }> | undefined)?.some(
      (t) => t.Key === 'amplify:friendly-name' && t.Value === RECORDING_STATS,
    ),
  );
  expect(fns).toHaveLength(1);
  return fns[0]!;
};

describe('given the RecordingStats function', () => {
  it('when synthesized then the recordingStats query is resolved by it, for user pool callers', () => {
    const resolvers = resourcesOfType(branch, 'AWS::AppSync::Resolver').filter(
      (r) => r.resource.Properties?.FieldName === 'recordingStats',
    );
    expect(resolvers).toHaveLength(1);
    expect(resolvers[0]!.resource.Properties?.TypeName).toBe('Query');
    expect(JSON.stringify(resolvers[0]!.resource.Properties?.PipelineConfig)).toContain(
      `InvokeFn${RECORDING_STATS}LambdaDataSource`,
    );
    const dataSources = resourcesOfType(branch, 'AWS::AppSync::DataSource').filter(
      (d) => d.logicalId === `Fn${RECORDING_STATS}LambdaDataSource`,
    );
    expect(dataSources.map((d) => d.resource.Properties?.Type)).toEqual(['AWS_LAMBDA']);
  });

  it('when synthesized then the query takes the range and admits user pool tokens, not the API key', async () => {
    const field = (await readTransformedSchema(inject('branchAssemblyDir'))).getQueryType()?.getFields().recordingStats;

    expect(field?.args.map((a) => `${a.name}: ${String(a.type)}`)).toEqual(['from: AWSDateTime!', 'to: AWSDateTime!']);
    expect(String(field?.type)).toBe('RecordingStats');
    const directives = field?.astNode?.directives?.map((d) => d.name.value) ?? [];
    expect(directives).toContain('aws_cognito_user_pools');
    expect(directives).not.toContain('aws_api_key');
  });

  it("when synthesized then the Recording table has the owner + recordedAt index the function's read queries, projecting every field", () => {
    const tables = resourcesOfType(branch, 'Custom::AmplifyDynamoDBTable').filter((t) =>
      t.logicalId.startsWith('RecordingTable'),
    );
    expect(tables).toHaveLength(1);
    const gsis = tables[0]!.resource.Properties?.globalSecondaryIndexes as Array<{
      indexName: string;
      keySchema: Array<{ attributeName: string; keyType: string }>;
      projection: { projectionType: string };
    }>;
    const index = gsis.find((g) => g.indexName === 'recordingsByOwnerAndRecordedAt');
    expect(index?.keySchema).toEqual([
      { attributeName: 'owner', keyType: 'HASH' },
      { attributeName: 'recordedAt', keyType: 'RANGE' },
    ]);
    // ALL: a page of the index holds the stats' fields, no read of the table per item.
    expect(index?.projection.projectionType).toBe('ALL');
  });

  it('when synthesized then its role may query the data API and read the model introspection schema, nothing broader', () => {
    const fn = statsFunction();
    const role = (fn.resource.Properties?.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = resourcesOfType(branch, 'AWS::IAM::Policy')
      .filter((p) => JSON.stringify(p.resource.Properties?.Roles) === JSON.stringify([{ Ref: role }]))
      .flatMap((p) => (p.resource.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
    const actions = new Set(statements.flatMap((s) => [s.Action].flat()));
    // GetParameters: the function's SSM settings Amplify wires for every function (no secret here).
    expect([...actions].sort()).toEqual(['appsync:GraphQL', 's3:GetObject', 'ssm:GetParameters']);
    expect(statements.every((s) => s.Effect === 'Allow' && ![s.Action].flat().some((a) => a.includes('*')))).toBe(true);
    const getObject = statements
      .filter((s) => [s.Action].flat().includes('s3:GetObject'))
      .flatMap((s) => [s.Resource].flat())
      .map((r) => JSON.stringify(r));
    expect(getObject).toEqual([expect.stringContaining('/modelIntrospectionSchema.json')]);
    // Queries only: it reads, never mutates or subscribes.
    const graphql = statements
      .filter((s) => [s.Action].flat().includes('appsync:GraphQL'))
      .flatMap((s) => [s.Resource].flat())
      .map((r) => JSON.stringify(r));
    expect(graphql).toHaveLength(1);
    expect(graphql[0]).toContain('/types/Query/*');
    // No secret, no S3 bucket of recordings, no IVS.
    expect(JSON.stringify(fn.resource.Properties?.Environment)).not.toMatch(/PLAYBACK|IVS_RECORDINGS_BUCKET/);
  });
});
