import { describe, expect, it } from 'vitest';
import { buildFailureRecord } from './on-failure-record';
import { planRedelivery } from './redrive-plan';

const record = (requestId: string, payload: unknown = { id: requestId }) =>
  JSON.stringify(
    buildFailureRecord({
      requestId,
      functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:amplify-RecordingStatusHandler-abc:$LATEST',
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
      requestPayload: payload,
      at: new Date('2026-11-23T10:00:00Z'),
    }),
  );

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
        duplicates: [],
      },
    ]);
  });

  it('when a function name is given then it overrides the one in the record', () => {
    expect(planRedelivery([{ handle: 'h1', body: record('r1') }], 'Other')[0]).toMatchObject({ functionName: 'Other' });
  });
});
