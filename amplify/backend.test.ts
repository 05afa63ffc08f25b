import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  loadCloudAssembly,
  resourcesOfType,
  templateHolding,
  type CloudAssembly,
} from '../src/cloud-assembly/assembly';
import { loadLocalRules } from '../src/local/event-bus/rules';

// Assertions on the CloudFormation that ampx would deploy, synthesized offline once per run.
let sandbox: CloudAssembly;
let branch: CloudAssembly;
beforeAll(async () => {
  sandbox = await loadCloudAssembly(inject('sandboxAssemblyDir'));
  branch = await loadCloudAssembly(inject('branchAssemblyDir'));
});

const template = (assembly: CloudAssembly, type: string, prefix = ''): Template =>
  Template.fromJSON(templateHolding(assembly, type, prefix).template);

const ruleNamed = (assembly: CloudAssembly, prefix: string) => {
  const rules = resourcesOfType(assembly, 'AWS::Events::Rule').filter((r) =>
    r.logicalId.startsWith(prefix),
  );
  expect(rules).toHaveLength(1);
  return rules[0]!.resource.Properties as {
    EventPattern: Record<string, unknown>;
    State: string;
    Targets: Array<Record<string, unknown>>;
  };
};

const handlerLogicalId = (assembly: CloudAssembly): string => {
  const fns = resourcesOfType(assembly, 'AWS::Lambda::Function').filter((f) =>
    (f.resource.Properties?.Tags as Array<{ Key: string; Value: string }> | undefined)?.some(
      (t) => t.Key === 'amplify:friendly-name' && t.Value === 'RecordingStatusHandler',
    ),
  );
  expect(fns).toHaveLength(1);
  return fns[0]!.logicalId;
};

describe('given the sandbox backend', () => {
  it('when synthesized then IVSRecordingStatusRule matches real and simulated IVS recording events', () => {
    const rule = ruleNamed(sandbox, 'IVSRecordingStatusRule');
    expect(rule.EventPattern).toEqual({
      source: ['aws.ivs', 'custom.ivs.simulator'],
      'detail-type': ['IVS Recording State Change'],
    });
    expect(rule.State).toBe('ENABLED');
  });

  it('when synthesized then the stream rule matches real and simulated stream state changes', () => {
    expect(ruleNamed(sandbox, 'IVSStreamStatusRule').EventPattern).toEqual({
      source: ['aws.ivs', 'custom.ivs.simulator'],
      'detail-type': ['IVS Stream State Change'],
    });
  });
});

describe('given a branch (production) backend', () => {
  it('when synthesized then the rules match aws.ivs only', () => {
    for (const name of ['IVSRecordingStatusRule', 'IVSStreamStatusRule']) {
      expect(ruleNamed(branch, name).EventPattern.source).toEqual(['aws.ivs']);
    }
  });

  it('when synthesized then each rule targets the handler with a retry policy and a dead-letter queue', async () => {
    // Follow the target ARN through the nested stacks' parameters and outputs to the function.
    const { ruleTargets } = await loadLocalRules(branch.dir);
    expect(ruleTargets.map((t) => [t.ruleLogicalId.replace(/[0-9A-F]{8}$/, ''), t.functionName]).sort()).toEqual([
      ['IVSRecordingStatusRule', 'RecordingStatusHandler'],
      ['IVSStreamStatusRule', 'RecordingStatusHandler'],
    ]);
    for (const name of ['IVSRecordingStatusRule', 'IVSStreamStatusRule']) {
      const [target, ...others] = ruleNamed(branch, name).Targets;
      expect(others).toHaveLength(0);
      expect(target!.RetryPolicy).toEqual({ MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 });
      expect(target!.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [expect.stringMatching(/^IVSEventsDeliveryDLQ/), 'Arn'] } });
    }
    const events = template(branch, 'AWS::Events::Rule');
    events.resourceCountIs('AWS::Lambda::Permission', 2);
    events.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^IVSRecordingStatusRule'), 'Arn'] },
    });
  });

  it('when synthesized then the handler keeps what fails every async attempt in an on-failure queue', () => {
    const functionStack = template(branch, 'AWS::Lambda::EventInvokeConfig');
    const handlerId = handlerLogicalId(branch);
    functionStack.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: handlerId },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 21600,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RecordingEventsFailedQueue'), 'Arn'] } },
      },
    });
    // Both queues are encrypted and refuse plain HTTP.
    for (const queue of resourcesOfType(branch, 'AWS::SQS::Queue')) {
      expect(queue.resource.Properties?.SqsManagedSseEnabled).toBe(true);
    }
    expect(resourcesOfType(branch, 'AWS::SQS::Queue')).toHaveLength(2);
  });

  it('when synthesized then the handler role may call the data API and send to its on-failure queue, nothing wider', () => {
    const policies = resourcesOfType(branch, 'AWS::IAM::Policy').filter((p) =>
      JSON.stringify(p.resource.Properties?.Roles).includes('RecordingStatusHandlerlambdaServiceRole'),
    );
    const actions = policies.flatMap((p) =>
      ((p.resource.Properties?.PolicyDocument as { Statement: Array<{ Action: string | string[] }> }).Statement).flatMap(
        (s) => [s.Action].flat(),
      ),
    );
    expect(new Set(actions)).toEqual(
      new Set(['appsync:GraphQL', 's3:GetObject', 'ssm:GetParameters', 'sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl']),
    );
    expect(actions.some((a) => a.includes('*'))).toBe(false);
  });
});

describe('given the data model', () => {
  const gsis = (assembly: CloudAssembly, table: string) => {
    const tables = resourcesOfType(assembly, 'Custom::AmplifyDynamoDBTable').filter((t) =>
      t.logicalId.startsWith(table),
    );
    expect(tables).toHaveLength(1);
    return (tables[0]!.resource.Properties?.globalSecondaryIndexes as Array<{
      indexName: string;
      keySchema: Array<{ attributeName: string; keyType: string }>;
    }>).map((g) => ({ name: g.indexName, hashKey: g.keySchema.find((k) => k.keyType === 'HASH')?.attributeName }));
  };

  it('when synthesized then every lookup the handler does is a get by key or a query on an index', () => {
    // Profile by channel ARN (the handler's only non-key lookup).
    expect(gsis(branch, 'ProfileTable')).toContainEqual({ name: 'profilesByChannelArn', hashKey: 'channelArn' });
    // Recording by recording session id and by stream session: index-backed twins of the documented list queries.
    const recording = gsis(branch, 'RecordingTable');
    expect(recording).toContainEqual({ name: 'recordingsByRecordingSessionId', hashKey: 'recordingSessionId' });
    expect(recording).toContainEqual({ name: 'gsi-StreamSession.recordings', hashKey: 'streamSessionId' });
    expect(recording).toContainEqual({ name: 'gsi-Profile.recordings', hashKey: 'profileId' });
    expect(gsis(branch, 'StreamSessionTable')).toContainEqual({ name: 'gsi-Profile.streamSessions', hashKey: 'profileId' });
  });
});

describe('given the data authorization rules', () => {
  // Request and response mapping templates of a pipeline function (auth checks sit in either).
  const resolverTemplates = async (assembly: CloudAssembly, functionName: string): Promise<string> => {
    const fn = resourcesOfType(assembly, 'AWS::AppSync::FunctionConfiguration').find(
      (f) => f.resource.Properties?.Name === functionName,
    );
    expect(fn, functionName).toBeDefined();
    const props = fn!.resource.Properties as Record<string, unknown>;
    const read = async (kind: 'Request' | 'Response'): Promise<string> => {
      const inline = props[`${kind}MappingTemplate`];
      if (typeof inline === 'string') return inline;
      const location = props[`${kind}MappingTemplateS3Location`] as { 'Fn::Sub': string } | undefined;
      if (!location) return '';
      return readFile(path.join(assembly.dir, `asset.${location['Fn::Sub'].split('/').pop()!}`), 'utf8');
    };
    return `${await read('Request')}\n${await read('Response')}`;
  };
  // The block a VTL auth template runs for one auth type, up to the next auth type's block.
  const blockFor = (vtl: string, authType: string): string => {
    const start = vtl.indexOf(`#if( $util.authType() == "${authType}" )`);
    expect(start, authType).toBeGreaterThanOrEqual(0);
    const next = vtl.indexOf('#if( $util.authType() ==', start + 1);
    return vtl.slice(start, next === -1 ? undefined : next);
  };

  it('when a signed-in user writes a Recording, StreamSession or Profile then the resolver grants nothing', async () => {
    for (const model of ['Recording', 'StreamSession', 'Profile']) {
      for (const op of ['create', 'update', 'delete']) {
        const vtl = await resolverTemplates(branch, `Mutation${op}${model}auth0Function`);
        const userPool = blockFor(vtl, 'User Pool Authorization');
        expect(userPool, `${op}${model}`).not.toMatch(/isAuthorized = true|allowedFields\.add|authFilter/);
        expect(blockFor(vtl, 'API Key Authorization'), `${op}${model}`).toMatch(/\$util\.unauthorized\(\)/);
      }
    }
  });

  it('when a signed-in user reads a Recording then only records owned by them are returned', async () => {
    for (const model of ['Recording', 'StreamSession', 'Profile']) {
      const vtl = await resolverTemplates(branch, `Queryget${model}auth0Function`);
      expect(blockFor(vtl, 'User Pool Authorization')).toMatch(/authFilter\.add\(\{"owner": \{ "eq": \$ownerClaim0 \}\}\)/);
      expect(blockFor(vtl, 'API Key Authorization')).not.toMatch(/isAuthorized = true/);
    }
  });

  it('when the API is synthesized then no type or field is reachable with the API key', async () => {
    const files = (await readdir(branch.dir)).filter((f) => f.endsWith('.graphql'));
    expect(files).toHaveLength(1);
    const schema = await readFile(path.join(branch.dir, files[0]!), 'utf8');
    expect(schema).toMatch(/type Recording[^{]*@aws_iam @aws_cognito_user_pools/);
    expect(schema).not.toMatch(/@aws_api_key/);
    template(branch, 'AWS::AppSync::GraphQLApi').hasResourceProperties('AWS::AppSync::GraphQLApi', {
      AuthenticationType: 'AMAZON_COGNITO_USER_POOLS',
    });
  });
});
