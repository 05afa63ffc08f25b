import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

import { OBJECT_CREATED, S3_EVENT_SOURCE } from '../../src/eventbridge/s3-object-created';
import { END_FILES } from '../../src/recording-media/end-file';
import {
  IVS_EVENT_SOURCE,
  RECORDING_STATE_CHANGE,
  SIMULATOR_EVENT_SOURCE,
  STREAM_STATE_CHANGE,
} from '../../src/recording-engine/ivs-event';

export { IVS_EVENT_SOURCE, RECORDING_STATE_CHANGE, SIMULATOR_EVENT_SOURCE, STREAM_STATE_CHANGE };

export type BackendType = 'sandbox' | 'branch' | 'standalone';

export const eventSourcesFor = (backendType: BackendType): string[] =>
  backendType === 'sandbox' ? [IVS_EVENT_SOURCE, SIMULATOR_EVENT_SOURCE] : [IVS_EVENT_SOURCE];

/** Every IVS event the rules below deliver: what the archive keeps for replays. */
export const ivsEventsPattern = (backendType: BackendType): events.EventPattern => ({
  source: eventSourcesFor(backendType),
  detailType: [RECORDING_STATE_CHANGE, STREAM_STATE_CHANGE],
});

/**
 * The recordings' end files landing in S3 (the bucket sends its events to EventBridge):
 * `ivs/v1/.../events/recording-ended.json` or `recording-failed.json`. No bucket name in
 * the pattern: it may be a token (a bucket the backend creates), which the local bus
 * cannot match; the handler may read the recordings bucket only (IAM), and ignores an
 * end file it cannot read.
 */
export const endFileCreatedPattern = (): events.EventPattern => ({
  source: [S3_EVENT_SOURCE],
  detailType: [OBJECT_CREATED],
  detail: { object: { key: END_FILES.map((file) => ({ wildcard: `ivs/v1/*/${file}` })) } },
});

export type IvsEventRoutingProps = {
  handler: lambda.IFunction;
  backendType: BackendType;
};

/**
 * EventBridge rules that deliver IVS recording and stream events to the handler.
 *
 * Nothing acknowledged is lost: EventBridge retries delivery to Lambda and keeps
 * what it cannot deliver in a dead-letter queue; once Lambda has accepted an
 * event, its async retries run and a final failure lands in the on-failure queue.
 */
export class IvsEventRouting {
  readonly recordingStatusRule: events.Rule;
  readonly streamStatusRule: events.Rule;
  /** S3 "Object Created" of a recording's end file: media indexing. */
  readonly endFileRule: events.Rule;
  /** Events EventBridge could not hand to Lambda (throttled, missing permission...). */
  readonly deliveryDeadLetterQueue: sqs.Queue;
  /** Events the handler failed on every attempt: redrive them with scripts/redrive. */
  readonly failedEventsQueue: sqs.Queue;

  constructor(scope: Construct, props: IvsEventRoutingProps) {
    const { handler, backendType } = props;
    const source = eventSourcesFor(backendType);

    // The on-failure queue and the async invoke config live beside the function:
    // the destination grants the function's role access to the queue, and a queue
    // in this stack would make the two nested stacks depend on each other.
    const functionStack = Stack.of(handler);
    this.failedEventsQueue = new sqs.Queue(functionStack, 'RecordingEventsFailedQueue', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    new lambda.EventInvokeConfig(functionStack, 'RecordingStatusHandlerAsyncInvoke', {
      function: handler,
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(this.failedEventsQueue),
    });

    this.deliveryDeadLetterQueue = new sqs.Queue(scope, 'IVSEventsDeliveryDLQ', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    const target = new targets.LambdaFunction(handler, {
      retryAttempts: 185,
      maxEventAge: Duration.hours(24),
      deadLetterQueue: this.deliveryDeadLetterQueue,
    });

    this.recordingStatusRule = new events.Rule(scope, 'IVSRecordingStatusRule', {
      description: 'IVS recording state changes to RecordingStatusHandler',
      eventPattern: { source, detailType: [RECORDING_STATE_CHANGE] },
      targets: [target],
    });
    this.streamStatusRule = new events.Rule(scope, 'IVSStreamStatusRule', {
      description: 'IVS stream state changes to RecordingStatusHandler (keeps StreamSessions)',
      eventPattern: { source, detailType: [STREAM_STATE_CHANGE] },
      targets: [target],
    });
    // The same function: one retry policy, DLQ, on-failure queue and redrive for every event.
    this.endFileRule = new events.Rule(scope, 'RecordingEndFileRule', {
      description: "Recordings' end files landing in S3 to RecordingStatusHandler (media indexing)",
      eventPattern: endFileCreatedPattern(),
      targets: [target],
    });
  }
}
