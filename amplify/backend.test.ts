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
import { evaluateAssembly, functionNamed, roleStatements } from '../src/local/data-api/role-statements';
import type { CfnEvaluator } from '../src/local/data-api/cfn-evaluator';
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
  const rules = resourcesOfType(assembly, 'AWS::Events::Rule').filter((r) => r.logicalId.startsWith(prefix));
  expect(rules).toHaveLength(1);
  return rules[0]!.resource.Properties as {
    EventPattern: Record<string, unknown>;
    State: string;
    Targets: Array<Record<string, unknown>>;
  };
};

/** The recordings bucket the backend created, as named in a deployment (the local stack's names). */
const recordingsBucketName = async (ev: CfnEvaluator): Promise<string> => {
  const buckets = ev
    .resourcesOfType('AWS::S3::Bucket')
    .filter((b) => b.logicalId.startsWith('RecordingsMediaRecordingsBucket'));
  expect(buckets).toHaveLength(1);
  return String(ev.attribute(buckets[0]!.stack, buckets[0]!.logicalId, 'Ref'));
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

/** A role's GetObject resources: the recordings bucket's two end files, and the model introspection schema. */
const expectEndFileReads = (objects: string[], bucket: string): void => {
  expect(objects).toHaveLength(3);
  expect(objects).toEqual(
    expect.arrayContaining([
      `arn:aws:s3:::${bucket}/ivs/*/events/recording-ended.json`,
      `arn:aws:s3:::${bucket}/ivs/*/events/recording-failed.json`,
    ]),
  );
  expect(objects.filter((r) => !r.includes('/ivs/*/events/'))).toEqual([
    expect.stringContaining('/modelIntrospectionSchema.json'),
  ]);
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

describe('given the media indexing of recordings', () => {
  const END_FILE_KEYS = [
    { wildcard: 'ivs/v1/*/events/recording-ended.json' },
    { wildcard: 'ivs/v1/*/events/recording-failed.json' },
  ];

  it('when synthesized then RecordingEndFileRule matches S3 Object Created of the end files only, in both backend types', () => {
    for (const assembly of [sandbox, branch]) {
      const rule = ruleNamed(assembly, 'RecordingEndFileRule');
      expect(rule.EventPattern).toEqual({
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: { object: { key: END_FILE_KEYS } },
      });
      expect(rule.State).toBe('ENABLED');
    }
  });

  it('when the local bus reads the rule then it routes an end file to the handler and other objects nowhere', async () => {
    const { ruleTargets } = await loadLocalRules(branch.dir);
    const rule = ruleTargets.find((t) => t.ruleLogicalId.startsWith('RecordingEndFileRule'))!;
    expect(rule.functionName).toBe('RecordingStatusHandler');
    const created = (key: string) => ({
      source: 'aws.s3',
      'detail-type': 'Object Created',
      detail: { bucket: { name: 'b' }, object: { key } },
    });
    const prefix = 'ivs/v1/123456789012/AbCdef1G2hij/2020/6/23/20/12/j8Z9O91ndcVs';
    expect(
      [
        `${prefix}/events/recording-ended.json`,
        `${prefix}/events/recording-failed.json`,
        `${prefix}/events/recording-started.json`,
        `${prefix}/media/hls/master.m3u8`,
      ].map((key) => rule.matches(created(key) as never)),
    ).toEqual([true, true, false, false]);
  });

  it('when synthesized then the handler may read the end files of the recordings bucket and no other object of it', async () => {
    const ev = await evaluateAssembly(branch.dir);
    const statements = roleStatements(ev, functionNamed(ev, 'RecordingStatusHandler'));
    const reads = statements.filter((s) => [s.Action].flat().includes('s3:GetObject'));
    expectEndFileReads(
      reads.flatMap((s) => [s.Resource].flat()),
      await recordingsBucketName(ev),
    );
    expect(reads.every((s) => s.Effect === 'Allow')).toBe(true);
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
      ['RecordingEndFileRule', 'RecordingStatusHandler'],
    ]);
    for (const name of ['IVSRecordingStatusRule', 'IVSStreamStatusRule', 'RecordingEndFileRule']) {
      const [target, ...others] = ruleNamed(branch, name).Targets;
      expect(others).toHaveLength(0);
      expect(target!.RetryPolicy).toEqual({ MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 });
      expect(target!.DeadLetterConfig).toEqual({
        Arn: { 'Fn::GetAtt': [expect.stringMatching(/^IVSEventsDeliveryDLQ/), 'Arn'] },
      });
    }
    const events = template(branch, 'AWS::Events::Rule');
    events.resourceCountIs('AWS::Lambda::Permission', 3);
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
      (p.resource.Properties?.PolicyDocument as { Statement: Array<{ Action: string | string[] }> }).Statement.flatMap(
        (s) => [s.Action].flat(),
      ),
    );
    expect(new Set(actions)).toEqual(
      new Set([
        'appsync:GraphQL',
        's3:GetObject',
        'ssm:GetParameters',
        'sqs:SendMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'events:PutEvents',
      ]),
    );
    expect(actions.some((a) => a.includes('*'))).toBe(false);
  });
});

describe('given the lifecycle events (docs/lifecycle-events.md)', () => {
  const BUS = 'arn:aws:events:us-east-1:123456789012:event-bus/default';

  it('when synthesized then the handler, reconciliation and retention may put events on the default bus only, of the project source and detail types only, and know that bus', async () => {
    const ev = await evaluateAssembly(branch.dir);
    for (const name of ['RecordingStatusHandler', 'ReconcileRecordings', 'RecordingRetention']) {
      const fn = functionNamed(ev, name);
      const publishing = roleStatements(ev, fn).filter((s) => [s.Action].flat().includes('events:PutEvents'));
      expect(publishing, name).toEqual([
        {
          Sid: 'PublishRecordingLifecycleEvents',
          Effect: 'Allow',
          Action: 'events:PutEvents',
          Resource: BUS,
          Condition: {
            'ForAllValues:StringEquals': {
              'events:source': ['ivs-recording-tracker'],
              'events:detail-type': ['Recording Ready', 'Recording Failed', 'Recording Deleted'],
            },
          },
        },
      ]);
      const env = (ev.properties(fn).Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env.LIFECYCLE_EVENT_BUS, name).toBe(BUS);
    }
  });

  it('when the local bus reads every rule of either backend then none matches a lifecycle event (no loop back into the handler)', async () => {
    for (const assembly of [sandbox, branch]) {
      const { ruleTargets } = await loadLocalRules(assembly.dir);
      expect(ruleTargets.length).toBeGreaterThan(0);
      for (const detailType of ['Recording Ready', 'Recording Failed', 'Recording Deleted']) {
        const event = {
          version: '0',
          id: 'e',
          source: 'ivs-recording-tracker',
          'detail-type': detailType,
          account: '123456789012',
          region: 'us-east-1',
          time: '2026-11-23T20:12:09Z',
          resources: ['arn:aws:ivs:us-east-1:123456789012:channel/DemoChannel1'],
          detail: { recordingId: 'r', status: 'COMPLETED' },
        };
        expect(ruleTargets.filter((t) => t.matches(event)).map((t) => t.ruleLogicalId)).toEqual([]);
      }
    }
  });
});

describe('given the data model', () => {
  const gsis = (assembly: CloudAssembly, table: string) => {
    const tables = resourcesOfType(assembly, 'Custom::AmplifyDynamoDBTable').filter((t) =>
      t.logicalId.startsWith(table),
    );
    expect(tables).toHaveLength(1);
    return (
      tables[0]!.resource.Properties?.globalSecondaryIndexes as Array<{
        indexName: string;
        keySchema: Array<{ attributeName: string; keyType: string }>;
      }>
    ).map((g) => ({ name: g.indexName, hashKey: g.keySchema.find((k) => k.keyType === 'HASH')?.attributeName }));
  };

  it('when synthesized then every lookup the handler does is a get by key or a query on an index', () => {
    // Profile by channel ARN (the handler's only non-key lookup).
    expect(gsis(branch, 'ProfileTable')).toContainEqual({ name: 'profilesByChannelArn', hashKey: 'channelArn' });
    // Recording by recording session id and by stream session: index-backed twins of the documented list queries.
    const recording = gsis(branch, 'RecordingTable');
    expect(recording).toContainEqual({ name: 'recordingsByRecordingSessionId', hashKey: 'recordingSessionId' });
    expect(recording).toContainEqual({ name: 'gsi-StreamSession.recordings', hashKey: 'streamSessionId' });
    expect(recording).toContainEqual({ name: 'gsi-Profile.recordings', hashKey: 'profileId' });
    expect(gsis(branch, 'StreamSessionTable')).toContainEqual({
      name: 'gsi-Profile.streamSessions',
      hashKey: 'profileId',
    });
    // Queryable twins: Amplify's lazy loaders (session.recordings()) list with a filter, a scan.
    expect(recording).toContainEqual({ name: 'recordingsByStreamSessionId', hashKey: 'streamSessionId' });
    // Media indexing finds a recording by the prefix of its end file (which names no session id).
    expect(recording).toContainEqual({ name: 'recordingsByS3KeyPrefix', hashKey: 's3KeyPrefix' });
    expect(recording).toContainEqual({ name: 'recordingsByProfileId', hashKey: 'profileId' });
    expect(gsis(branch, 'StreamSessionTable')).toContainEqual({
      name: 'streamSessionsByProfileId',
      hashKey: 'profileId',
    });
    // A user's profiles (createChannel counts them against the limit).
    expect(gsis(branch, 'ProfileTable')).toContainEqual({ name: 'profilesByOwner', hashKey: 'owner' });
  });
});

describe('given the recordings media and channels of a backend synthesized with the default settings', () => {
  it('when synthesized then the backend creates its recordings bucket and a recording configuration writing to it, and no distribution (no playback key)', async () => {
    const ev = await evaluateAssembly(branch.dir);
    const [config, ...others] = ev.resourcesOfType('AWS::IVS::RecordingConfiguration');
    expect(others).toEqual([]);
    expect(ev.properties(config!)).toMatchObject({
      DestinationConfiguration: { S3: { BucketName: await recordingsBucketName(ev) } },
      RecordingReconnectWindowSeconds: 60,
      ThumbnailConfiguration: {
        RecordingMode: 'INTERVAL',
        TargetIntervalSeconds: 10,
        Storage: ['SEQUENTIAL', 'LATEST'],
      },
      RenditionConfiguration: { RenditionSelection: 'ALL' },
    });
    expect(
      resourcesOfType(branch, 'Custom::S3BucketNotifications').map(
        (n) => n.resource.Properties?.NotificationConfiguration,
      ),
    ).toEqual([{ EventBridgeConfiguration: {} }]);
    for (const type of ['AWS::CloudFront::Distribution', 'AWS::CloudFront::KeyGroup', 'AWS::CloudFront::PublicKey']) {
      expect(resourcesOfType(branch, type), type).toEqual([]);
    }
  });

  it('when synthesized then the channel function knows the recording configuration and the limit of 1 channel per user', async () => {
    const ev = await evaluateAssembly(branch.dir);
    const env = (
      ev.properties(functionNamed(ev, 'ChannelOperations')).Environment as { Variables: Record<string, unknown> }
    ).Variables;
    const [config] = ev.resourcesOfType('AWS::IVS::RecordingConfiguration');
    expect(env.IVS_RECORDING_CONFIGURATION_ARN).toBe(ev.attribute(config!.stack, config!.logicalId, 'Arn'));
    expect(env.IVS_RECORDING_CONFIGURATION_ARN).toMatch(
      /^arn:aws:ivs:us-east-1:123456789012:recording-configuration\//,
    );
    expect(env.IVS_MAX_CHANNELS_PER_USER).toBe('1');
  });

  it('when synthesized then the channel function may create owner-tagged channels and read channels and stream keys of this account and region, nothing more', async () => {
    const ev = await evaluateAssembly(branch.dir);
    const statements = roleStatements(ev, functionNamed(ev, 'ChannelOperations'));
    const [config] = ev.resourcesOfType('AWS::IVS::RecordingConfiguration');
    const ivsStatements = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('ivs:')));
    expect(ivsStatements).toEqual([
      {
        Sid: 'CreateOwnerTaggedChannels',
        Effect: 'Allow',
        Action: ['ivs:CreateChannel', 'ivs:TagResource'],
        Resource: [
          'arn:aws:ivs:us-east-1:123456789012:channel/*',
          'arn:aws:ivs:us-east-1:123456789012:stream-key/*',
          ev.attribute(config!.stack, config!.logicalId, 'Arn'),
        ],
        Condition: {
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['owner-sub', 'owner-username'] },
          Null: { 'aws:RequestTag/owner-sub': 'false', 'aws:RequestTag/owner-username': 'false' },
        },
      },
      {
        Sid: 'ReadChannelsAndListTheirStreamKeys',
        Effect: 'Allow',
        Action: ['ivs:GetChannel', 'ivs:ListStreamKeys'],
        Resource: 'arn:aws:ivs:us-east-1:123456789012:channel/*',
      },
      {
        Sid: 'ReadStreamKeys',
        Effect: 'Allow',
        Action: 'ivs:GetStreamKey',
        Resource: 'arn:aws:ivs:us-east-1:123456789012:stream-key/*',
      },
    ]);
    // Besides IVS: the data API (queries and mutations) and what its client needs at cold start.
    const others = statements.filter((s) => !ivsStatements.includes(s));
    expect(new Set(others.flatMap((s) => [s.Action].flat()))).toEqual(
      new Set(['appsync:GraphQL', 's3:GetObject', 'ssm:GetParameters']),
    );
    const graphql = others
      .filter((s) => [s.Action].flat().includes('appsync:GraphQL'))
      .flatMap((s) => [s.Resource].flat());
    expect(graphql.map((r) => r.replace(/^.*\/types\//, ''))).toEqual(['Query/*', 'Mutation/*']);
    expect(
      others.filter((s) => [s.Action].flat().includes('s3:GetObject')).flatMap((s) => [s.Resource].flat()),
    ).toEqual([expect.stringContaining('/modelIntrospectionSchema.json')]);
  });
});

describe('given the parked events table', () => {
  const table = () => {
    const tables = resourcesOfType(branch, 'Custom::AmplifyDynamoDBTable').filter((t) =>
      t.logicalId.startsWith('ParkedEventTable'),
    );
    expect(tables).toHaveLength(1);
    return tables[0]!.resource.Properties as Record<string, unknown> & {
      globalSecondaryIndexes: Array<{ indexName: string; keySchema: unknown }>;
    };
  };

  it('when synthesized then DynamoDB TTL deletes parked events by expiresAt (epoch seconds)', () => {
    expect(table().timeToLiveSpecification).toEqual({ attributeName: 'expiresAt', enabled: true });
  });

  it('when synthesized then parked events are found by channel and by the PARKED partition, oldest first, with queries', () => {
    const keys = Object.fromEntries(table().globalSecondaryIndexes.map((g) => [g.indexName, g.keySchema]));
    expect(keys.parkedEventsByChannelArnAndParkedAt).toEqual([
      { attributeName: 'channelArn', keyType: 'HASH' },
      { attributeName: 'parkedAt', keyType: 'RANGE' },
    ]);
    expect(keys.parkedEventsByParkedQueueAndParkedAt).toEqual([
      { attributeName: 'parkedQueue', keyType: 'HASH' },
      { attributeName: 'parkedAt', keyType: 'RANGE' },
    ]);
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
      expect(blockFor(vtl, 'User Pool Authorization')).toMatch(
        /authFilter\.add\(\{"owner": \{ "eq": \$ownerClaim0 \}\}\)/,
      );
      expect(blockFor(vtl, 'API Key Authorization')).not.toMatch(/isAuthorized = true/);
    }
  });

  it('when a signed-in user or the API key reads or writes a ParkedEvent then every resolver refuses', async () => {
    const operations = [
      'QuerygetParkedEvent',
      'QuerylistParkedEvents',
      'QueryparkedEventsByChannelArn',
      'QueryparkedEventsByQueue',
      'MutationcreateParkedEvent',
      'MutationupdateParkedEvent',
      'MutationdeleteParkedEvent',
    ];
    // The body of one auth type's top-level `#if`, up to its `#end` (nested ones are indented).
    const body = (vtl: string, authType: string) => blockFor(vtl, authType).split('\n#end')[0]!;
    for (const operation of operations) {
      const vtl = await resolverTemplates(branch, `${operation}auth0Function`);
      for (const authType of ['User Pool Authorization', 'API Key Authorization']) {
        expect(body(vtl, authType), `${operation} ${authType}`).not.toMatch(
          /isAuthorized = true|allowedFields\.add|authFilter/,
        );
      }
      // Neither grants anything, so the closing check refuses both.
      expect(vtl, operation).toMatch(/#if\( !\$isAuthorized[^\n]*\n\$util\.unauthorized\(\)/);
    }
    const files = (await readdir(branch.dir)).filter((f) => f.endsWith('.graphql'));
    const schema = await readFile(path.join(branch.dir, files[0]!), 'utf8');
    // Nothing streams parked events to anyone.
    expect(schema).not.toMatch(/onCreateParkedEvent|onUpdateParkedEvent|onDeleteParkedEvent/);
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

describe('given the monitoring of a branch backend', () => {
  const monitoringTemplate = () => templateHolding(branch, 'AWS::CloudWatch::Dashboard');
  const dashboardBody = (): string => {
    const [dashboard, ...others] = resourcesOfType(branch, 'AWS::CloudWatch::Dashboard');
    expect(others).toHaveLength(0);
    return JSON.stringify(dashboard!.resource.Properties?.DashboardBody);
  };
  // Nested-stack parameters carry the other stacks' outputs: their names say what they hold.
  const parameterNamed = (pattern: RegExp): string => {
    const names = Object.keys(monitoringTemplate().template.Parameters ?? {}).filter((p) => pattern.test(p));
    expect(names, String(pattern)).toHaveLength(1);
    return names[0]!;
  };

  it('when synthesized then the dashboard graphs the handler, its custom metrics with a success rate by metric math, and the on-failure queue', () => {
    const body = dashboardBody();
    const handlerName = parameterNamed(/RecordingStatusHandlerlambda[0-9A-F]{8}Ref$/);
    const queueName = parameterNamed(/RecordingEventsFailedQueue[0-9A-F]{8}QueueName$/);
    expect(body).toContain(`{"Ref":"${handlerName}"}`);
    expect(body).toContain(`{"Ref":"${queueName}"}`);
    for (const metric of [
      'Invocations',
      'Errors',
      'Duration',
      'ApproximateNumberOfMessagesVisible',
      'ApproximateAgeOfOldestMessage',
    ]) {
      expect(body).toContain(`\\"${metric}\\"`);
    }
    expect(body).toMatch(/\\"stat\\":\\"p50\\"/);
    expect(body).toMatch(/\\"stat\\":\\"p99\\"/);
    for (const metric of [
      'EventsReceived',
      'EventsProcessed',
      'EventsSkippedDuplicate',
      'EventsParked',
      'EventsIgnored',
      'EventsRejected',
      'EventsRetried',
      'EventsFailed',
      'ProcessingDuration',
      'LifecycleEventsPublished',
    ]) {
      expect(body).toContain(`[\\"IVSRecordings\\",\\"${metric}\\",\\"service\\",\\"RecordingStatusHandler\\"`);
    }
    for (const metric of ['EventsReplayed', 'ParkedEventsExpired']) {
      expect(body).toContain(`[\\"IVSRecordings\\",\\"${metric}\\",\\"service\\",\\"ReconcileRecordings\\"`);
    }
    expect(body).toContain('100 * (FILL(processed, 0) + FILL(duplicate, 0) + FILL(ignored, 0)) / received');
    expect(body).toContain('100 * errors / invocations');
  });

  it('when synthesized then alarms watch handler errors, a non-empty on-failure queue and the age of its oldest message, without actions unless an e-mail is set', () => {
    const monitoring = Template.fromJSON(monitoringTemplate().template);
    const handlerName = parameterNamed(/RecordingStatusHandlerlambda[0-9A-F]{8}Ref$/);
    const queueName = parameterNamed(/RecordingEventsFailedQueue[0-9A-F]{8}QueueName$/);
    monitoring.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: handlerName } }],
      Statistic: 'Sum',
      Threshold: 5,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    monitoring.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { Ref: queueName } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    monitoring.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { Ref: queueName } }],
      Threshold: 86400,
    });
    expect(resourcesOfType(branch, 'AWS::SNS::Topic')).toHaveLength(0);
    for (const alarm of resourcesOfType(branch, 'AWS::CloudWatch::Alarm')) {
      expect(alarm.resource.Properties?.AlarmActions).toBeUndefined();
    }
  });

  it('when synthesized then an archive keeps the IVS events the rules match, for 30 days, from the default bus', () => {
    const archiveOf = (assembly: CloudAssembly) => {
      const archives = resourcesOfType(assembly, 'AWS::Events::Archive');
      expect(archives).toHaveLength(1);
      return archives[0]!.resource.Properties as { EventPattern: unknown; RetentionDays: number; SourceArn: unknown };
    };
    expect(archiveOf(branch)).toMatchObject({
      EventPattern: { source: ['aws.ivs'], 'detail-type': ['IVS Recording State Change', 'IVS Stream State Change'] },
      RetentionDays: 30,
    });
    expect(JSON.stringify(archiveOf(branch).SourceArn)).toContain(':event-bus/default');
    // aws-cdk-lib writes KmsKeyIdentifier: "" (aws/aws-cdk#37847); without it the archive uses an AWS owned key.
    expect(archiveOf(branch)).not.toHaveProperty('KmsKeyIdentifier');
    expect(archiveOf(sandbox)).not.toHaveProperty('KmsKeyIdentifier');
    expect(archiveOf(sandbox).EventPattern).toEqual({
      source: ['aws.ivs', 'custom.ivs.simulator'],
      'detail-type': ['IVS Recording State Change', 'IVS Stream State Change'],
    });
  });
});

describe('given the reconciliation function', () => {
  const reconcileFunction = () => {
    const fns = resourcesOfType(branch, 'AWS::Lambda::Function').filter((f) =>
      (f.resource.Properties?.Tags as Array<{ Key: string; Value: string }> | undefined)?.some(
        (t) => t.Key === 'amplify:friendly-name' && t.Value === 'ReconcileRecordings',
      ),
    );
    expect(fns).toHaveLength(1);
    return fns[0]!;
  };

  it('when synthesized then it runs every 15 minutes and knows the recordings bucket the backend created', async () => {
    const fn = reconcileFunction();
    // Its own schedule (RecordingRetention has another).
    const schedules = resourcesOfType(branch, 'AWS::Scheduler::Schedule').filter(
      (s) =>
        (s.resource.Properties?.Target as { Arn?: { 'Fn::GetAtt'?: string[] } }).Arn?.['Fn::GetAtt']?.[0] ===
        fn.logicalId,
    );
    expect(schedules).toHaveLength(1);
    expect(schedules[0]!.resource.Properties).toMatchObject({
      ScheduleExpression: 'cron(*/15 * * * ? *)',
      State: 'ENABLED',
      Target: { Arn: { 'Fn::GetAtt': [fn.logicalId, 'Arn'] } },
    });
    const ev = await evaluateAssembly(branch.dir);
    const env = (
      ev.properties(functionNamed(ev, 'ReconcileRecordings')).Environment as { Variables: Record<string, unknown> }
    ).Variables;
    expect(env.IVS_RECORDINGS_BUCKET).toBe(await recordingsBucketName(ev));
    expect(fn.resource.Properties?.Timeout).toBe(300);
  });

  it('when synthesized then its role reads IVS metadata objects of the bucket, IVS stream sessions and the data API, nothing broader', async () => {
    const ev = await evaluateAssembly(branch.dir);
    const statements = roleStatements(ev, functionNamed(ev, 'ReconcileRecordings'));
    const byAction = (action: string) => statements.filter((s) => [s.Action].flat().includes(action));
    expect(new Set(statements.flatMap((s) => [s.Action].flat()))).toEqual(
      new Set(['appsync:GraphQL', 's3:GetObject', 'ssm:GetParameters', 'ivs:GetStreamSession', 'events:PutEvents']),
    );
    expect(statements.every((s) => s.Effect === 'Allow' && ![s.Action].flat().some((a) => a.includes('*')))).toBe(true);
    const resources = (action: string) => byAction(action).flatMap((s) => [s.Resource].flat());
    // The recordings: the end files of the bucket; the other GetObject is the model introspection schema.
    expectEndFileReads(resources('s3:GetObject'), await recordingsBucketName(ev));
    expect(resources('ivs:GetStreamSession')).toEqual(['arn:aws:ivs:us-east-1:123456789012:channel/*']);
    // Queries and mutations only: the function has no use for subscriptions.
    const graphql = resources('appsync:GraphQL');
    expect(graphql).toHaveLength(2);
    expect(graphql.some((r) => r.includes('/types/Query/*'))).toBe(true);
    expect(graphql.some((r) => r.includes('/types/Mutation/*'))).toBe(true);
  });

  it('when synthesized then Recording and StreamSession have status indexes (queries, never scans) without a sort key that may be null', () => {
    const gsi = (table: string, name: string) => {
      const tables = resourcesOfType(branch, 'Custom::AmplifyDynamoDBTable').filter((t) =>
        t.logicalId.startsWith(table),
      );
      const found = (
        tables[0]!.resource.Properties?.globalSecondaryIndexes as Array<{ indexName: string; keySchema: unknown }>
      ).find((g) => g.indexName === name);
      return found?.keySchema;
    };
    // startTime is null when an End came first: as an index key DynamoDB would refuse that item.
    expect(gsi('RecordingTable', 'recordingsByRecordingStatus')).toEqual([
      { attributeName: 'recordingStatus', keyType: 'HASH' },
    ]);
    expect(gsi('StreamSessionTable', 'streamSessionsByStatus')).toEqual([{ attributeName: 'status', keyType: 'HASH' }]);
  });
});
