import { describe, expect, it } from 'vitest';
import { redriveTargetFrom } from './redrive-target';

const defaults = { captureFile: '.local/failed-events.jsonl', lambdaEndpoint: 'http://127.0.0.1:4011' };

describe('given amplify_outputs.json and flags', () => {
  it('when the outputs come from the local stack then redrive reads the capture file and invokes the local endpoint', () => {
    expect(
      redriveTargetFrom(
        {
          data: { url: 'http://127.0.0.1:20002/graphql', aws_region: 'us-east-1' },
          custom: { ivsRecordingsLocalStack: true },
        },
        {},
        defaults,
      ),
    ).toEqual({
      mode: 'local',
      captureFile: '.local/failed-events.jsonl',
      lambdaEndpoint: 'http://127.0.0.1:4011',
      region: 'us-east-1',
    });
  });

  it('when the outputs come from a deployed backend then the queue and the function come from custom.ivsRecordings, the region from the queue URL', () => {
    const outputs = {
      data: { url: 'https://abc.appsync-api.eu-west-1.amazonaws.com/graphql', aws_region: 'eu-west-1' },
      custom: {
        ivsRecordings: {
          failedEventsQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/failed',
          recordingStatusHandlerName: 'amplify-RecordingStatusHandler-x',
        },
      },
    };
    expect(redriveTargetFrom(outputs, {}, defaults)).toEqual({
      mode: 'aws',
      queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/failed',
      region: 'eu-west-1',
      functionName: 'amplify-RecordingStatusHandler-x',
    });
    expect(
      redriveTargetFrom(
        outputs,
        { functionName: 'other', queueUrl: 'https://sqs.us-east-2.amazonaws.com/1/q' },
        defaults,
      ),
    ).toMatchObject({
      region: 'us-east-2',
      functionName: 'other',
    });
  });

  it('when a deployed backend has no queue URL anywhere then it says what to pass', () => {
    expect(() => redriveTargetFrom({ data: { url: 'https://x.amazonaws.com/graphql' } }, {}, defaults)).toThrow(
      /--queue-url/,
    );
  });
});
