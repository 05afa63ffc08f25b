import { Aws, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  HANDLER_SERVICE,
  METRICS_NAMESPACE,
  RECONCILE_SERVICE,
  type HandlerMetricName,
  type ParkedEventMetricName,
} from '../../src/event-processing/metric-names';

export type RecordingMonitoringProps = {
  handler: lambda.IFunction;
  /** Lambda's on-failure destination of the handler (what failed every async attempt). */
  failedEventsQueue: sqs.IQueue;
  /** The rules' dead-letter queue (what EventBridge could not hand to Lambda). */
  deliveryDeadLetterQueue: sqs.IQueue;
  reconcileFunction: lambda.IFunction;
  /** The IVS events to archive: the same sources and detail-types the rules match. */
  archivePattern: events.EventPattern;
  /** Days the archive keeps events; default 30. */
  archiveRetentionDays?: number;
  /** When set, an SNS topic with this e-mail subscription receives every alarm. */
  alarmEmail?: string;
  /** Handler errors in 5 minutes that raise the alarm; default 5 (a few transient retries are normal). */
  handlerErrorThreshold?: number;
  /** Age of the oldest failed event that raises the alarm; default 1 day. */
  oldestFailedEventAge?: Duration;
};

const FIVE_MINUTES = Duration.minutes(5);

/**
 * What operators watch and what lets them recover: a dashboard, alarms (optionally
 * to an SNS topic), and an EventBridge archive of the IVS events for replays.
 */
export class RecordingMonitoring extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  readonly handlerErrorsAlarm: cloudwatch.Alarm;
  readonly failedEventsAlarm: cloudwatch.Alarm;
  readonly oldestFailedEventAlarm: cloudwatch.Alarm;
  readonly deliveryDeadLetterAlarm: cloudwatch.Alarm;
  readonly reconcileErrorsAlarm: cloudwatch.Alarm;
  readonly alarmTopic: sns.Topic | undefined;
  readonly archive: events.Archive;

  constructor(scope: Construct, id: string, props: RecordingMonitoringProps) {
    super(scope, id);
    const { handler, failedEventsQueue, deliveryDeadLetterQueue, reconcileFunction } = props;

    const custom = (metricName: HandlerMetricName, statistic = 'Sum', label?: string) =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: HANDLER_SERVICE },
        statistic,
        period: FIVE_MINUTES,
        ...(label ? { label } : {}),
      });
    // Replays and expiries of parked events are counted by ReconcileRecordings, which runs every 15 minutes.
    const reconcileCustom = (metricName: ParkedEventMetricName) =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: RECONCILE_SERVICE },
        statistic: 'Sum',
        period: Duration.minutes(15),
      });

    const invocations = handler.metricInvocations({ period: FIVE_MINUTES, statistic: 'Sum' });
    const errors = handler.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' });
    const errorRate = new cloudwatch.MathExpression({
      expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
      usingMetrics: { invocations, errors },
      label: 'Error rate (%)',
      period: FIVE_MINUTES,
    });
    // Handled as intended: written, a duplicate or stale event, or a stream event ignored on purpose.
    const successRate = new cloudwatch.MathExpression({
      expression:
        'IF(received > 0, 100 * (FILL(processed, 0) + FILL(duplicate, 0) + FILL(ignored, 0)) / received, 100)',
      usingMetrics: {
        received: custom('EventsReceived'),
        processed: custom('EventsProcessed'),
        duplicate: custom('EventsSkippedDuplicate'),
        ignored: custom('EventsIgnored'),
      },
      label: 'Processing success rate (%)',
      period: FIVE_MINUTES,
    });
    const queueDepth = failedEventsQueue.metricApproximateNumberOfMessagesVisible({
      period: FIVE_MINUTES,
      statistic: 'Maximum',
    });
    const oldestAge = failedEventsQueue.metricApproximateAgeOfOldestMessage({
      period: FIVE_MINUTES,
      statistic: 'Maximum',
    });
    const dlqDepth = deliveryDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
      period: FIVE_MINUTES,
      statistic: 'Maximum',
    });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(6),
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: 'RecordingStatusHandler invocations and errors',
            left: [invocations, errors],
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'RecordingStatusHandler error rate (%)',
            left: [errorRate],
            leftYAxis: { min: 0, max: 100 },
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'RecordingStatusHandler duration (ms)',
            left: [
              handler.metricDuration({ period: FIVE_MINUTES, statistic: 'p50', label: 'p50' }),
              handler.metricDuration({ period: FIVE_MINUTES, statistic: 'p99', label: 'p99' }),
            ],
            width: 8,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Processing success rate (%)',
            left: [successRate],
            leftYAxis: { min: 0, max: 100 },
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'Events by outcome',
            left: [
              custom('EventsProcessed'),
              custom('EventsSkippedDuplicate'),
              custom('EventsParked'),
              custom('EventsIgnored'),
              custom('EventsRejected'),
              custom('EventsRetried'),
              custom('EventsFailed'),
            ],
            stacked: true,
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'Processing duration (ms)',
            left: [custom('ProcessingDuration', 'p50', 'p50'), custom('ProcessingDuration', 'p99', 'p99')],
            width: 8,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'On-failure queue depth (redrive with npm run redrive)',
            left: [queueDepth, dlqDepth],
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'On-failure queue: age of oldest message (s)',
            left: [oldestAge],
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'ReconcileRecordings invocations and errors',
            left: [
              reconcileFunction.metricInvocations({ period: FIVE_MINUTES, statistic: 'Sum' }),
              reconcileFunction.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
            ],
            width: 8,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Events of channels with no Profile: parked, replayed, expired',
            left: [custom('EventsParked'), reconcileCustom('EventsReplayed'), reconcileCustom('ParkedEventsExpired')],
            width: 8,
          }),
          new cloudwatch.GraphWidget({
            title: 'Lifecycle events published by the handler (Recording Ready, Failed, Deleted)',
            left: [custom('LifecycleEventsPublished')],
            width: 8,
          }),
        ],
      ],
    });

    type AlarmOptions = Omit<cloudwatch.CreateAlarmOptions, 'evaluationPeriods'> & {
      evaluationPeriods?: number;
      metric: cloudwatch.IMetric;
    };
    const alarm = (alarmId: string, options: AlarmOptions) =>
      new cloudwatch.Alarm(this, alarmId, {
        ...options,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        evaluationPeriods: options.evaluationPeriods ?? 1,
      });
    this.handlerErrorsAlarm = alarm('HandlerErrorsAlarm', {
      metric: errors,
      threshold: props.handlerErrorThreshold ?? 5,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription:
        'RecordingStatusHandler keeps failing: events are being retried and may end in the on-failure queue',
    });
    this.failedEventsAlarm = alarm('FailedEventsQueueNotEmptyAlarm', {
      metric: queueDepth,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription:
        'Events failed every attempt and wait in the on-failure queue: fix the cause, then npm run redrive -- --apply',
    });
    this.oldestFailedEventAlarm = alarm('OldestFailedEventAgeAlarm', {
      metric: oldestAge,
      threshold: (props.oldestFailedEventAge ?? Duration.days(1)).toSeconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription: 'A failed event has waited too long in the on-failure queue (retention 14 days): redrive it',
    });
    this.deliveryDeadLetterAlarm = alarm('DeliveryDeadLetterQueueNotEmptyAlarm', {
      metric: dlqDepth,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription:
        'EventBridge could not deliver IVS events to RecordingStatusHandler (throttled or not permitted)',
    });
    this.reconcileErrorsAlarm = alarm('ReconcileErrorsAlarm', {
      metric: reconcileFunction.metricErrors({ period: Duration.minutes(15), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      alarmDescription: 'ReconcileRecordings failed twice in a row',
    });

    if (props.alarmEmail) {
      this.alarmTopic = new sns.Topic(this, 'AlarmTopic', { displayName: 'IVS recordings alarms', enforceSSL: true });
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
      // enforceSSL gives the topic a policy, which replaces SNS's default one: without this
      // Allow, CloudWatch could not publish and no alarm would ever reach the e-mail.
      this.alarmTopic.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowThisAccountsAlarmsToPublish',
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['sns:Publish'],
          resources: [this.alarmTopic.topicArn],
          conditions: {
            StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
            ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:*` },
          },
        }),
      );
      const action = new cwActions.SnsAction(this.alarmTopic);
      for (const a of [
        this.handlerErrorsAlarm,
        this.failedEventsAlarm,
        this.oldestFailedEventAlarm,
        this.deliveryDeadLetterAlarm,
        this.reconcileErrorsAlarm,
      ]) {
        a.addAlarmAction(action);
        a.addOkAction(action);
      }
    }

    this.archive = new events.Archive(this, 'IVSEventsArchive', {
      sourceEventBus: events.EventBus.fromEventBusName(this, 'DefaultEventBus', 'default'),
      eventPattern: props.archivePattern,
      retention: Duration.days(props.archiveRetentionDays ?? 30),
      description: 'IVS recording and stream events, kept for replays after a fix',
    });
    // aws-cdk-lib writes KmsKeyIdentifier: "" when no key is given (aws/aws-cdk#37847), which
    // has failed deploys: leave the property out, so the archive uses an AWS owned key.
    (this.archive.node.defaultChild as events.CfnArchive).addPropertyDeletionOverride('KmsKeyIdentifier');
  }
}
