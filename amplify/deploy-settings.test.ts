import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCloudAssembly, resourcesOfType, type CloudAssembly } from '../src/cloud-assembly/assembly';
import { checkTemplateAgainstSpec, loadResourceSpec } from '../src/cloud-assembly/resource-spec';
import { PROJECT_ROOT, synthesizeBackend } from '../src/cloud-assembly/synthesize';

// The settings a user gives at synthesis (`ALARM_EMAIL=... IVS_RECORDINGS_BUCKET=... npx ampx sandbox`),
// through the environment only: ampx passes no CDK context of ours. One extra synthesis.
const SETTINGS = { ALARM_EMAIL: 'ops@example.com', IVS_RECORDINGS_BUCKET: 'my-ivs-recordings' };
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

describe('given a branch backend synthesized with ALARM_EMAIL and IVS_RECORDINGS_BUCKET set', () => {
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

  it('when checked against the CloudFormation resource specification then the topic and its policy are valid too', async () => {
    const spec = await loadResourceSpec();
    const problems = configured.templates.flatMap(({ fileName, template }) =>
      checkTemplateAgainstSpec(spec, template).map((problem) => `${fileName}: ${problem}`),
    );
    expect(problems).toEqual([]);
  });
});
