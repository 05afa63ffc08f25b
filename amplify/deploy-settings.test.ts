import { generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCloudAssembly, resourcesOfType, type CloudAssembly } from '../src/cloud-assembly/assembly';
import { checkTemplateAgainstSpec, loadResourceSpec } from '../src/cloud-assembly/resource-spec';
import { PROJECT_ROOT, synthesizeBackend } from '../src/cloud-assembly/synthesize';

// The settings a user gives at synthesis (`ALARM_EMAIL=... IVS_RECORDINGS_BUCKET=... npx ampx sandbox`),
// through the environment only: ampx passes no CDK context of ours. One extra synthesis.
const publicKeyPem = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .publicKey.export({ type: 'spki', format: 'pem' })
  .toString();
const SETTINGS = {
  ALARM_EMAIL: 'ops@example.com',
  IVS_RECORDINGS_BUCKET: 'my-ivs-recordings',
  IVS_RECONNECT_WINDOW_SECONDS: '30',
  IVS_THUMBNAIL_INTERVAL_SECONDS: '6',
  IVS_MAX_CHANNELS_PER_USER: '3',
  RECORDING_RETENTION_DAYS: '30',
  RECORDING_RETENTION_MAX_PER_RUN: '50',
  // As a hosting console keeps it: on one line, the line breaks written as \n.
  PLAYBACK_PUBLIC_KEY: publicKeyPem.trim().replaceAll('\n', '\\n'),
};
let runDir: string;
let configured: CloudAssembly;
beforeAll(async () => {
  const parent = path.join(PROJECT_ROOT, '.amplify/test-synth');
  await mkdir(parent, { recursive: true });
  runDir = await mkdtemp(path.join(parent, 'settings-'));
  configured = await loadCloudAssembly(
    await synthesizeBackend({ backendType: 'branch', outDir: path.join(runDir, 'branch'), env: SETTINGS }),
  );
}, 400_000);
afterAll(async () => {
  if (runDir && !process.env.KEEP_TEST_SYNTH) await rm(runDir, { recursive: true, force: true });
});

type Statement = {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action: unknown;
  Resource: unknown;
  Condition?: unknown;
};

describe('given a branch backend synthesized with every setting set', () => {
  it('when alarms fire then CloudWatch of this account may publish to the alarm topic, over TLS only', () => {
    const [topic, ...otherTopics] = resourcesOfType(configured, 'AWS::SNS::Topic');
    expect(otherTopics).toHaveLength(0);
    const subscriptions = resourcesOfType(configured, 'AWS::SNS::Subscription').map((s) => s.resource.Properties);
    expect(subscriptions).toEqual([expect.objectContaining({ Protocol: 'email', Endpoint: 'ops@example.com' })]);
    const [policy, ...otherPolicies] = resourcesOfType(configured, 'AWS::SNS::TopicPolicy');
    expect(otherPolicies).toHaveLength(0);
    expect(policy!.resource.Properties?.Topics).toEqual([{ Ref: topic!.logicalId }]);
    const statements = (policy!.resource.Properties?.PolicyDocument as { Statement: Statement[] }).Statement;
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toEqual([
      {
        Sid: 'AllowThisAccountsAlarmsToPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: { Ref: topic!.logicalId },
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: {
            'aws:SourceArn': {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':cloudwatch:',
                  { Ref: 'AWS::Region' },
                  ':',
                  { Ref: 'AWS::AccountId' },
                  ':alarm:*',
                ],
              ],
            },
          },
        },
      },
    ]);
    expect(statements.filter((s) => s.Effect === 'Deny')).toEqual([
      expect.objectContaining({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ]);
    // Every alarm notifies the topic.
    const alarms = resourcesOfType(configured, 'AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThanOrEqual(5);
    for (const alarm of alarms) expect(alarm.resource.Properties?.AlarmActions).toEqual([{ Ref: topic!.logicalId }]);
  });

  it('when ReconcileRecordings is configured then it reads and may read only the named bucket', () => {
    const [fn, ...others] = resourcesOfType(configured, 'AWS::Lambda::Function').filter((f) =>
      (f.resource.Properties?.Tags as Array<{ Key: string; Value: string }> | undefined)?.some(
        (t) => t.Key === 'amplify:friendly-name' && t.Value === 'ReconcileRecordings',
      ),
    );
    expect(others).toHaveLength(0);
    const env = (fn!.resource.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.IVS_RECORDINGS_BUCKET).toBe('my-ivs-recordings');
    const policies = JSON.stringify(resourcesOfType(configured, 'AWS::IAM::Policy').map((p) => p.resource.Properties));
    expect(policies).toContain(':s3:::my-ivs-recordings/ivs/*/events/recording-ended.json');
    expect(policies).toContain(':s3:::my-ivs-recordings/ivs/*/events/recording-failed.json');
    expect(policies).not.toContain(':s3:::ivs-recordings-');
  });

  it('when a retention default is set then the functions that make recordings final know it, and the retention function its bound per run', () => {
    const envOf = (name: string) => {
      const [fn, ...others] = resourcesOfType(configured, 'AWS::Lambda::Function').filter((f) =>
        (f.resource.Properties?.Tags as Array<{ Key: string; Value: string }> | undefined)?.some(
          (t) => t.Key === 'amplify:friendly-name' && t.Value === name,
        ),
      );
      expect(others).toHaveLength(0);
      return (fn!.resource.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
    };
    expect(envOf('RecordingStatusHandler').RECORDING_RETENTION_DAYS).toBe('30');
    expect(envOf('ReconcileRecordings').RECORDING_RETENTION_DAYS).toBe('30');
    expect(envOf('RecordingRetention').RECORDING_RETENTION_MAX_PER_RUN).toBe('50');
  });

  it('when synthesized then IVS records to the named bucket with the given reconnect window and thumbnail interval, and no bucket is created', () => {
    expect(
      resourcesOfType(configured, 'AWS::S3::Bucket').filter((b) => b.logicalId.startsWith('RecordingsMedia')),
    ).toEqual([]);
    const [config, ...others] = resourcesOfType(configured, 'AWS::IVS::RecordingConfiguration');
    expect(others).toEqual([]);
    expect(config!.resource.Properties).toMatchObject({
      DestinationConfiguration: { S3: { BucketName: 'my-ivs-recordings' } },
      RecordingReconnectWindowSeconds: 30,
      ThumbnailConfiguration: {
        RecordingMode: 'INTERVAL',
        TargetIntervalSeconds: 6,
        Storage: ['SEQUENTIAL', 'LATEST'],
      },
    });
  });

  it('when synthesized then the playback public key is in the template, in the key group every behaviour of the distribution trusts', () => {
    const [key, ...otherKeys] = resourcesOfType(configured, 'AWS::CloudFront::PublicKey');
    expect(otherKeys).toEqual([]);
    expect((key!.resource.Properties?.PublicKeyConfig as { EncodedKey: string }).EncodedKey).toBe(publicKeyPem);
    const [group] = resourcesOfType(configured, 'AWS::CloudFront::KeyGroup');
    expect((group!.resource.Properties?.KeyGroupConfig as { Items: unknown[] }).Items).toEqual([
      { Ref: key!.logicalId },
    ]);
    const [distribution, ...otherDistributions] = resourcesOfType(configured, 'AWS::CloudFront::Distribution');
    expect(otherDistributions).toEqual([]);
    const config = distribution!.resource.Properties?.DistributionConfig as {
      DefaultCacheBehavior: { TrustedKeyGroups: unknown };
      CacheBehaviors: Array<{ TrustedKeyGroups: unknown }>;
      Origins: Array<{ DomainName: unknown }>;
    };
    for (const behaviour of [config.DefaultCacheBehavior, ...config.CacheBehaviors]) {
      expect(behaviour.TrustedKeyGroups).toEqual([{ Ref: group!.logicalId }]);
    }
    expect(JSON.stringify(config.Origins[0]!.DomainName)).toContain('my-ivs-recordings.s3.');
  });

  it('when synthesized then the channel function gets the channel limit', () => {
    const [fn] = resourcesOfType(configured, 'AWS::Lambda::Function').filter((f) =>
      (f.resource.Properties?.Tags as Array<{ Key: string; Value: string }> | undefined)?.some(
        (t) => t.Key === 'amplify:friendly-name' && t.Value === 'ChannelOperations',
      ),
    );
    const env = (fn!.resource.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.IVS_MAX_CHANNELS_PER_USER).toBe('3');
  });

  it('when synthesized then the Playback function signs for the distribution and its public key, and lists the named bucket', () => {
    const [fn] = resourcesOfType(configured, 'AWS::Lambda::Function').filter((f) =>
      (f.resource.Properties?.Tags as Array<{ Key: string; Value: string }> | undefined)?.some(
        (t) => t.Key === 'amplify:friendly-name' && t.Value === 'Playback',
      ),
    );
    const env = (fn!.resource.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
    // References across the nested stacks: the distribution's domain name, the public key's id.
    expect(JSON.stringify(env.PLAYBACK_DOMAIN)).toMatch(/PlaybackDistribution.*DomainName/);
    expect(JSON.stringify(env.PLAYBACK_KEY_PAIR_ID)).toMatch(/PlaybackPublicKey/);
    expect(env.IVS_RECORDINGS_BUCKET).toBe('my-ivs-recordings');
  });

  it('when checked against the CloudFormation resource specification then the topic, its policy and the distribution are valid too', async () => {
    const spec = await loadResourceSpec();
    const problems = configured.templates.flatMap(({ fileName, template }) =>
      checkTemplateAgainstSpec(spec, template).map((problem) => `${fileName}: ${problem}`),
    );
    expect(problems).toEqual([]);
  });
});
