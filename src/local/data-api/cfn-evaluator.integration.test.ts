// The CloudFormation evaluator on a small hand-made assembly (a root and one nested stack),
// then on the real sandbox assembly.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readAppSyncModel } from './appsync-model';
import { readFunctionEnvironment } from './function-environment';
import { CfnEvaluator, type PhysicalNamer } from './cfn-evaluator';
import { localNamer, localNames } from './local-names';

let dir: string;

const nested = {
  Parameters: {
    TableName: { Type: 'String' },
    Mode: { Type: 'String', Default: 'PAY_PER_REQUEST' },
  },
  Conditions: {
    PayPerRequest: { 'Fn::Equals': [{ Ref: 'Mode' }, 'PAY_PER_REQUEST'] },
    Never: { 'Fn::Not': [{ Condition: 'PayPerRequest' }] },
  },
  Resources: {
    Table: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: { Ref: 'TableName' } } },
    Skipped: { Type: 'AWS::DynamoDB::Table', Condition: 'Never', Properties: {} },
  },
  Outputs: {
    Arn: { Value: { 'Fn::GetAtt': ['Table', 'Arn'] } },
    Billing: {
      Value: {
        'Fn::If': ['PayPerRequest', { Mode: 'on-demand', Capacity: { Ref: 'AWS::NoValue' } }, 'provisioned'],
      },
    },
  },
};

const root = {
  Parameters: { Stage: { Type: 'String', Default: 'dev' } },
  Resources: {
    Child: {
      Type: 'AWS::CloudFormation::Stack',
      Properties: {
        TemplateURL: { 'Fn::Sub': 'https://s3.${AWS::Region}.${AWS::URLSuffix}/bucket/nestedhash.json' },
        Parameters: { TableName: { 'Fn::Join': ['-', ['Thing', { Ref: 'Stage' }, 'NONE']] } },
      },
    },
  },
  Outputs: {
    TableFromArn: {
      Value: {
        'Fn::Select': [
          1,
          {
            'Fn::Split': [
              '/',
              { 'Fn::Select': [5, { 'Fn::Split': [':', { 'Fn::GetAtt': ['Child', 'Outputs.Arn'] }] }] },
            ],
          },
        ],
      },
    },
    Sub: {
      Value: {
        'Fn::Sub': ['${Stage}:${AWS::AccountId}:${Extra}:${!Literal}', { Extra: { Ref: 'AWS::Region' } }],
      },
    },
    Billing: { Value: { 'Fn::GetAtt': ['Child', 'Outputs.Billing'] } },
  },
};

const namer: PhysicalNamer = ({ logicalId, resource, stack }, attribute, ev) =>
  resource.Type === 'AWS::DynamoDB::Table' && attribute === 'Arn'
    ? `arn:aws:dynamodb:eu-west-1:111122223333:table/${String(ev.evaluate(resource.Properties?.TableName, stack))}`
    : attribute === 'Ref'
      ? `ref-${logicalId}`
      : undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cfn-evaluator-'));
  await writeFile(
    path.join(dir, 'manifest.json'),
    JSON.stringify({
      artifacts: { Root: { type: 'aws:cloudformation:stack', properties: { templateFile: 'root.template.json' } } },
    }),
  );
  await writeFile(path.join(dir, 'root.template.json'), JSON.stringify(root));
  await writeFile(path.join(dir, 'child.nested.template.json'), JSON.stringify(nested));
  await writeFile(
    path.join(dir, 'root.assets.json'),
    JSON.stringify({
      files: {
        nestedhash: {
          source: { path: 'child.nested.template.json', packaging: 'file' },
          destinations: { d: { objectKey: 'nestedhash.json' } },
        },
      },
    }),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('CloudFormation evaluator', () => {
  it('given a nested stack, when root outputs are evaluated, then parameters, GetAtt, Select and Split resolve through it', async () => {
    const ev = await CfnEvaluator.load(dir, { region: 'eu-west-1', accountId: '111122223333', namer });

    expect(ev.rootOutputs()).toEqual({
      TableFromArn: 'Thing-dev-NONE',
      Sub: 'dev:111122223333:eu-west-1:${Literal}',
      Billing: { Mode: 'on-demand' },
    });
  });

  it('given a resource whose Condition is false, when resources are listed, then it is left out', async () => {
    const ev = await CfnEvaluator.load(dir, { region: 'eu-west-1', accountId: '111122223333', namer });

    expect(ev.resourcesOfType('AWS::DynamoDB::Table').map((r) => r.logicalId)).toEqual(['Table']);
  });

  it('given the synthesized sandbox, when the AppSync model is read, then every model resolver and table is there', async () => {
    const names = localNames('us-east-1', 'http://127.0.0.1:1/graphql');
    const ev = await CfnEvaluator.load(inject('sandboxAssemblyDir'), {
      region: 'us-east-1',
      accountId: names.accountId,
      namer: localNamer(names),
    });

    const model = await readAppSyncModel(ev);
    const fields = model.resolvers.map((r) => `${r.typeName}.${r.fieldName}`);

    expect(model.unsupported).toEqual([]);
    expect(model.authenticationType).toBe('AMAZON_COGNITO_USER_POOLS');
    expect(model.additionalAuthenticationTypes.sort()).toEqual(['API_KEY', 'AWS_IAM']);
    expect(fields).toEqual(
      expect.arrayContaining([
        'Query.profilesByChannelArn',
        'Query.recordingsByRecordingSessionId',
        'Query.parkedEventsByQueue',
        'Mutation.updateRecording',
        'StreamSession.recordings',
      ]),
    );
    expect(model.tables.map((t) => t.TableName).sort()).toEqual([
      'ParkedEvent-local-NONE',
      'Profile-local-NONE',
      'Recording-local-NONE',
      'StreamSession-local-NONE',
    ]);
    expect(
      model.tables.find((t) => t.TableName === 'Recording-local-NONE')?.GlobalSecondaryIndexes?.map((i) => i.IndexName),
    ).toContain('recordingsByRecordingSessionId');
    expect(readFunctionEnvironment(ev, 'RecordingStatusHandler').environment).toMatchObject({
      AMPLIFY_DATA_GRAPHQL_ENDPOINT: 'http://127.0.0.1:1/graphql',
      AMPLIFY_DATA_DEFAULT_NAME: 'amplifyData',
    });
  });
});
