import { describe, expect, it } from 'vitest';
import { buildFailureRecord } from './on-failure-record';
import { planRedelivery, summarizeFailure } from './redrive-plan';

const record = (requestId: string, payload: unknown = { id: requestId }) =>
  JSON.stringify(
    buildFailureRecord({
      requestId,
      functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:amplify-RecordingStatusHandler-abc:$LATEST',
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
      requestPayload: payload,
      lastError: { errorType: 'RetryableError', errorMessage: 'the data API answered 503' },
      at: new Date('2026-11-23T10:00:00Z'),
    }),
  );

const failure = (id: string) => ({
  condition: 'RetriesExhausted',
  attempts: 3,
  error: 'RetryableError: the data API answered 503',
  event: `unknown event, id ${id}`,
});

describe('given on-failure queue messages', () => {
  it('when planned then each failure is redelivered once to the function of its record, duplicates ride along, junk is skipped', () => {
    const plan = planRedelivery([
      { handle: 'h1', body: record('r1') },
      { handle: 'h2', body: 'not json' },
      { handle: 'h3', body: record('r1') },
      { handle: 'h4', body: '{"hello":"world"}' },
      { handle: 'h5', body: record('r2') },
    ]);
    expect(plan).toEqual([
      {
        kind: 'redeliver',
        handle: 'h1',
        requestId: 'r1',
        functionName: 'amplify-RecordingStatusHandler-abc',
        payload: { id: 'r1' },
        failure: failure('r1'),
        duplicates: ['h3'],
      },
      { kind: 'skip', handle: 'h2', reason: 'body is not JSON' },
      { kind: 'skip', handle: 'h4', reason: expect.stringMatching(/not a Lambda on-failure record/) },
      {
        kind: 'redeliver',
        handle: 'h5',
        requestId: 'r2',
        functionName: 'amplify-RecordingStatusHandler-abc',
        payload: { id: 'r2' },
        failure: failure('r2'),
        duplicates: [],
      },
    ]);
  });

  it('when a function name is given then it overrides the one in the record', () => {
    expect(planRedelivery([{ handle: 'h1', body: record('r1') }], 'Other')[0]).toMatchObject({ functionName: 'Other' });
  });
});

describe('given a captured failure record', () => {
  it('when summarised then it names the IVS event, its channel and id, the last error and the attempts', () => {
    const summary = summarizeFailure(
      buildFailureRecord({
        requestId: 'r1',
        functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:F:$LATEST',
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
        requestPayload: {
          id: 'e-1',
          'detail-type': 'IVS Recording State Change',
          resources: ['arn:aws:ivs:us-west-2:123456789012:channel/abc'],
          detail: { event_name: 'Recording Start', channel_name: 'studio' },
        },
        lastError: { errorType: 'RetryableError', errorMessage: 'throttled' },
        at: new Date('2026-11-23T10:00:00Z'),
      }),
    );
    expect(summary).toEqual({
      condition: 'RetriesExhausted',
      attempts: 3,
      error: 'RetryableError: throttled',
      event: 'IVS Recording State Change, Recording Start, channel studio, id e-1',
    });
  });

  it('when the event aged out before any attempt and the payload is not an object then it says so and does not throw', () => {
    const summary = summarizeFailure(
      buildFailureRecord({
        requestId: 'r1',
        functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:F:$LATEST',
        condition: 'EventAgeExceeded',
        approximateInvokeCount: 0,
        requestPayload: 'not an event',
        at: new Date('2026-11-23T10:00:00Z'),
      }),
    );
    expect(summary).toEqual({
      condition: 'EventAgeExceeded',
      attempts: 0,
      error: 'no attempt ran (EventAgeExceeded)',
      event: 'unknown event',
    });
  });
});
