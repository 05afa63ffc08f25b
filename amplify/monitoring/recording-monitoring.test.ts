import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { alarmEmail } from './alarm-email';
import { RecordingMonitoring } from './recording-monitoring';

const monitoringStack = (email?: string) => {
  const stack = new Stack(new App(), 'Test');
  const fn = (id: string) =>
    new lambda.Function(stack, id, {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler=()=>{}'),
    });
  new RecordingMonitoring(stack, 'Monitoring', {
    handler: fn('Handler'),
    failedEventsQueue: new sqs.Queue(stack, 'Failed'),
    deliveryDeadLetterQueue: new sqs.Queue(stack, 'Dlq'),
    reconcileFunction: fn('Reconcile'),
    archivePattern: { source: ['aws.ivs'], detailType: ['IVS Recording State Change'] },
    ...(email ? { alarmEmail: email } : {}),
  });
  return Template.fromStack(stack);
};

describe('given the monitoring construct', () => {
  it('when an alarm e-mail is set then an SNS topic with that subscription is the action of every alarm', () => {
    const template = monitoringStack('ops@example.com');
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    const alarms = template.findResources('AWS::CloudWatch::Alarm');
    expect(Object.keys(alarms).length).toBeGreaterThanOrEqual(3);
    for (const alarm of Object.values(alarms)) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^MonitoringAlarmTopic/) }]);
    }
  });

  it("when an alarm e-mail is set then the topic policy lets this account's CloudWatch alarms publish, and only over TLS", () => {
    const template = monitoringStack('ops@example.com');
    const policies = Object.values(template.findResources('AWS::SNS::TopicPolicy'));
    expect(policies).toHaveLength(1);
    const statements = policies[0]!.Properties.PolicyDocument.Statement as Array<Record<string, unknown>>;
    const topicRef = { Ref: expect.stringMatching(/^MonitoringAlarmTopic/) };
    expect(statements).toContainEqual({
      Sid: 'AllowThisAccountsAlarmsToPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: topicRef,
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
    });
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    expect(statements).toHaveLength(2);
  });

  it('when synthesized then the archive carries no empty KMS key property', () => {
    const archives = Object.values(monitoringStack().findResources('AWS::Events::Archive'));
    expect(archives).toHaveLength(1);
    expect(archives[0]!.Properties).not.toHaveProperty('KmsKeyIdentifier');
    expect(archives[0]!.Properties).toHaveProperty('RetentionDays', 30);
  });

  it('when no e-mail is set then there is no topic and the alarms have no actions', () => {
    const template = monitoringStack();
    template.resourceCountIs('AWS::SNS::Topic', 0);
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm')))
      expect(alarm.Properties.AlarmActions).toBeUndefined();
  });

  it('when ALARM_EMAIL is set or not then it is the address or there is none', () => {
    expect(alarmEmail({ ALARM_EMAIL: 'env@example.com' })).toBe('env@example.com');
    expect(alarmEmail({ ALARM_EMAIL: '' })).toBeUndefined();
    expect(alarmEmail({})).toBeUndefined();
  });
});
