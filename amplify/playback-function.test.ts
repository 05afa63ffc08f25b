// The Playback function as synthesized: the query it serves, its settings (the private key a
// secret resolved at run time, never in the template), and a role that may list the recordings'
// keys under ivs/ of one bucket, query the data API, and nothing more.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { loadCloudAssembly, resourcesOfType, type CloudAssembly } from '../src/cloud-assembly/assembly';
import {
  PLAYBACK_BUCKET,
  PLAYBACK_DOMAIN,
  PLAYBACK_KEY_PAIR_ID,
  PLAYBACK_PRIVATE_KEY,
} from '../src/playback/playback-settings';
import { PLAYBACK } from './functions/function-names';

let branch: CloudAssembly;
beforeAll(async () => {
  branch = await loadCloudAssembly(inject('branchAssemblyDir'));
});

type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown };

const playbackFunction = () => {
  const fns = resourcesOfType(branch, 'AWS::Lambda::Function').filter((f) =>
    (f.resource.Properties?.Tags as Array<{ Key: string; Value: string }> | undefined)?.some(
      (t) => t.Key === 'amplify:friendly-name' && t.Value === PLAYBACK,
    ),
  );
  expect(fns).toHaveLength(1);
  return fns[0]!;
};

describe('given the Playback function', () => {
  it('when synthesized then the playback query is resolved by it, for signed-in users', () => {
    const resolvers = resourcesOfType(branch, 'AWS::AppSync::Resolver').filter(
      (r) => r.resource.Properties?.FieldName === 'playback',
    );
    expect(resolvers).toHaveLength(1);
    expect(resolvers[0]!.resource.Properties?.TypeName).toBe('Query');
    // Its pipeline invokes the function's Lambda data source.
    expect(JSON.stringify(resolvers[0]!.resource.Properties?.PipelineConfig)).toContain(
      `InvokeFn${PLAYBACK}LambdaDataSource`,
    );
    const dataSources = resourcesOfType(branch, 'AWS::AppSync::DataSource').filter(
      (d) => d.logicalId === `Fn${PLAYBACK}LambdaDataSource`,
    );
    expect(dataSources.map((d) => d.resource.Properties?.Type)).toEqual(['AWS_LAMBDA']);
  });

  it('when synthesized then it knows its settings, and the private key is an Amplify secret read at run time', () => {
    const env = (playbackFunction().resource.Properties?.Environment as { Variables: Record<string, unknown> })
      .Variables;
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining([PLAYBACK_DOMAIN, PLAYBACK_KEY_PAIR_ID, PLAYBACK_BUCKET, PLAYBACK_PRIVATE_KEY]),
    );
    expect(env[PLAYBACK_PRIVATE_KEY]).toBe('<value will be resolved during runtime>');
    const ssm = JSON.parse(String(env.AMPLIFY_SSM_ENV_CONFIG)) as Record<string, { path: string }>;
    expect(ssm[PLAYBACK_PRIVATE_KEY]?.path).toMatch(/\/PLAYBACK_PRIVATE_KEY$/);
    expect(JSON.stringify(branch.templates.map((t) => t.template))).not.toContain('PRIVATE KEY-----');
  });

  it('when synthesized then its role lists keys under ivs/ of the recordings bucket and queries the data API, nothing broader', () => {
    const role = (playbackFunction().resource.Properties?.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = resourcesOfType(branch, 'AWS::IAM::Policy')
      .filter((p) => JSON.stringify(p.resource.Properties?.Roles) === JSON.stringify([{ Ref: role }]))
      .flatMap((p) => (p.resource.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
    const actions = new Set(statements.flatMap((s) => [s.Action].flat()));
    // GetObject is the model introspection schema only; GetParameters reads its SSM settings and secret.
    expect(actions).toEqual(new Set(['appsync:GraphQL', 's3:GetObject', 'ssm:GetParameters', 's3:ListBucket']));
    expect(statements.every((s) => s.Effect === 'Allow' && ![s.Action].flat().some((a) => a.includes('*')))).toBe(true);
    const list = statements.filter((s) => [s.Action].flat().includes('s3:ListBucket'));
    expect(list).toHaveLength(1);
    // The RecordingsMedia stack's bucket (its ARN, no object path, no wildcard).
    expect(JSON.stringify(list[0]!.Resource)).toMatch(
      /^\{"Ref":"[^"]*RecordingsMedia[^"]*RecordingsBucket[^"]*Arn"\}$/,
    );
    expect(list[0]!.Condition).toEqual({ StringLike: { 's3:prefix': ['ivs/*'] } });
    const getObject = statements
      .filter((s) => [s.Action].flat().includes('s3:GetObject'))
      .flatMap((s) => [s.Resource].flat())
      .map((r) => JSON.stringify(r));
    expect(getObject).toEqual([expect.stringContaining('/modelIntrospectionSchema.json')]);
    // Queries only: it reads the Recording it is asked about.
    const graphql = statements
      .filter((s) => [s.Action].flat().includes('appsync:GraphQL'))
      .flatMap((s) => [s.Resource].flat())
      .map((r) => JSON.stringify(r));
    expect(graphql).toHaveLength(1);
    expect(graphql[0]).toContain('/types/Query/*');
  });
});
