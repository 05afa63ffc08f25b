import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alphanumeric,
  channelArnArb,
  deliveryArb,
  epochSecondArb,
  isoSecond,
  rawRecordingEvent,
  streamIdArb,
  uuidArb,
} from './fixtures/arbitraries';
import { recordingEvent } from './fixtures/ivs-events';
import type { RecordingStateChange } from './ivs-event';
import type { RecordingState } from './records';
import { nextRecording, recordingIdFor } from './recording-state';

const OWNER = { profileId: 'profile-1', owner: 'sub::user' };
const RUNS = { numRuns: 1000 };

const fold = (events: readonly RecordingStateChange[]): RecordingState | null =>
  events.reduce<RecordingState | null>((state, event) => nextRecording(state, event, OWNER), null);

type Outcome = 'success' | 'start_failure' | 'end_failure';

/** One real-shaped recording and the events IVS would send for it, in true order. */
const recordingArb = fc
  .record({
    channel: channelArnArb,
    sessionId: alphanumeric(16),
    streams: fc.uniqueArray(streamIdArb, { minLength: 1, maxLength: 5 }),
    outcome: fc.constantFrom<Outcome>('success', 'start_failure', 'end_failure'),
    startSecond: epochSecondArb,
    // Reconnects come at least a second apart; the End waits for the reconnect window.
    reconnectGaps: fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 4, maxLength: 4 }),
    lastStreamSeconds: fc.integer({ min: 0, max: 6 * 3600 }),
    reconnectWindow: fc.integer({ min: 0, max: 300 }),
    startCarriesList: fc.boolean(),
    endCarriesList: fc.boolean(),
    // UNSURE in the facts: whether a merged reconnect fires its own Recording Start.
    reconnectStarts: fc.boolean(),
    startFailureWithoutSession: fc.boolean(),
    ids: fc.array(uuidArb, { minLength: 6, maxLength: 6 }),
  })
  .map((r) => {
    const envelope = (index: number, time: number) => ({
      id: r.ids[index] ?? `id-${index}`,
      time,
      channelArn: r.channel.arn,
      region: r.channel.region,
      account: r.channel.account,
    });
    const bucket = 'generated-recordings';
    const prefix = `ivs/v1/${r.channel.account}/x/2024/1/2/3/4/${r.sessionId}`;
    const streamStarts = r.streams.map(
      (_, i) => r.startSecond + r.reconnectGaps.slice(0, i).reduce((a, b) => a + b, 0),
    );
    const lastStart = streamStarts[streamStarts.length - 1] ?? r.startSecond;
    const endSecond = lastStart + r.lastStreamSeconds + r.reconnectWindow;
    const first = r.streams[0] as string;
    const last = r.streams[r.streams.length - 1] as string;
    const events: unknown[] = [];
    if (r.outcome === 'start_failure') {
      // Nothing is recorded: one stream, no prefix, maybe no session id.
      events.push(
        rawRecordingEvent(envelope(0, r.startSecond), {
          status: 'Recording Start Failure',
          streamId: first,
          reason: 'ValidationException',
          bucket,
          prefix: '',
          durationMs: 0,
          sessionId: r.startFailureWithoutSession ? '' : r.sessionId,
          streamIds: r.startCarriesList ? [first] : undefined,
        }),
      );
    } else {
      r.streams.forEach((stream, i) => {
        if (i > 0 && !r.reconnectStarts) return;
        events.push(
          rawRecordingEvent(envelope(i, streamStarts[i] ?? r.startSecond), {
            status: 'Recording Start',
            streamId: stream,
            reason: '',
            bucket,
            prefix,
            durationMs: 0,
            sessionId: r.sessionId,
            streamIds: r.startCarriesList ? r.streams.slice(0, i + 1) : undefined,
          }),
        );
      });
      const success = r.outcome === 'success';
      events.push(
        rawRecordingEvent(envelope(5, endSecond), {
          status: success ? 'Recording End' : 'Recording End Failure',
          streamId: last,
          reason: success ? '' : 'InternalServerException',
          bucket,
          prefix,
          durationMs: success ? (endSecond - r.startSecond - r.reconnectWindow) * 1000 : 0,
          sessionId: r.sessionId,
          streamIds: r.endCarriesList ? r.streams : undefined,
        }),
      );
    }
    return { ...r, bucket, prefix, endSecond, events: events.map(recordingEvent) };
  });

describe('given any real-shaped recording', () => {
  it('when its events arrive in any order with duplicates then the record equals the in-order one', () => {
    fc.assert(
      fc.property(
        recordingArb.chain((r) => deliveryArb(r.events).map((delivery) => ({ r, delivery }))),
        ({ r, delivery }) => {
          const inOrder = fold(r.events);
          expect(fold(delivery)).toEqual(inOrder);

          // And the in-order record says what happened.
          const first = r.streams[0] as string;
          const last = r.streams[r.streams.length - 1] as string;
          if (r.outcome === 'start_failure') {
            const identity = r.startFailureWithoutSession ? first : r.sessionId;
            expect(inOrder).toMatchObject({
              id: recordingIdFor(r.channel.arn, identity),
              recordingSessionId: identity,
              recordingStatus: 'FAILED',
              recordingStatusReason: 'ValidationException',
              s3KeyPrefix: null,
              startTime: isoSecond(r.startSecond),
              endTime: null,
              streamSessionId: first,
              streamIds: [first],
            });
            return;
          }
          // IVS's order when one list names every stream (the End's, or the last reconnect's
          // Start). Otherwise the streams named (the reconnects' Starts name theirs, else only
          // the first and last are named) in code-unit order: no list gives their order.
          const fullListSent = r.endCarriesList || (r.startCarriesList && r.reconnectStarts);
          const expectedStreams = fullListSent
            ? r.streams
            : [...new Set(r.reconnectStarts ? r.streams : [first, last])].sort();
          expect(inOrder).toMatchObject({
            id: recordingIdFor(r.channel.arn, r.sessionId),
            recordingStatus: r.outcome === 'success' ? 'COMPLETED' : 'FAILED',
            recordingStatusReason: r.outcome === 'success' ? null : 'InternalServerException',
            s3BucketName: r.bucket,
            s3KeyPrefix: r.prefix,
            startTime: isoSecond(r.startSecond),
            endTime: isoSecond(r.endSecond),
            streamSessionId: expectedStreams[0],
            streamIds: expectedStreams,
          });
          expect(inOrder?.recordingDurationMs).toBe(
            r.outcome === 'success' ? (r.endSecond - r.startSecond - r.reconnectWindow) * 1000 : null,
          );
        },
      ),
      RUNS,
    );
  });
});

/**
 * Any mix of events for one recording, including ones IVS should never send (two
 * Ends that disagree, a Start Failure after an End...): still one record per set.
 */
const anyEventsForOneRecordingArb = fc
  .record({
    channel: channelArnArb,
    pool: fc.uniqueArray(streamIdArb, { minLength: 1, maxLength: 4 }),
  })
  .chain(({ channel, pool }) =>
    fc
      .array(
        fc.record({
          id: uuidArb,
          time: fc.integer({ min: 1_700_000_000, max: 1_700_000_100 }),
          status: fc.constantFrom(
            'Recording Start' as const,
            'Recording End' as const,
            'Recording Start Failure' as const,
            'Recording End Failure' as const,
          ),
          streamId: fc.constantFrom(...pool),
          reason: fc.constantFrom('', 'ValidationException', 'InternalServerException'),
          bucket: fc.constantFrom('bucket-a', 'bucket-b'),
          prefix: fc.constantFrom('prefix/a', 'prefix/b'),
          durationMs: fc.constantFrom(0, 1000, 5000),
          streamIds: fc.option(fc.shuffledSubarray(pool), { nil: undefined }),
        }),
        { minLength: 1, maxLength: 8 },
      )
      .map((events) =>
        events.map((e) =>
          recordingEvent(
            rawRecordingEvent(
              { id: e.id, time: e.time, channelArn: channel.arn, region: channel.region, account: channel.account },
              { ...e, sessionId: 'session1' },
            ),
          ),
        ),
      ),
  );

describe('given any set of events for one recording', () => {
  it('when folded in two different orders with duplicates then the records are equal', () => {
    fc.assert(
      fc.property(
        anyEventsForOneRecordingArb.chain((events) =>
          fc.tuple(deliveryArb(events), deliveryArb(events)).map(([a, b]) => ({ events, a, b })),
        ),
        ({ events, a, b }) => {
          const result = fold(a);
          expect(fold(b)).toEqual(result);
          expect(fold(events)).toEqual(result);
          // Every stream id named by any event is kept, the first stream leads.
          const named = new Set(events.flatMap((e) => [e.streamId, ...e.streamIds]));
          expect(new Set(result?.streamIds)).toEqual(named);
          expect(result?.streamIds).toHaveLength(named.size);
          expect(result?.streamIds[0]).toBe(result?.streamSessionId);
        },
      ),
      RUNS,
    );
  });
});

describe('given recordingIdFor', () => {
  it('when two (channel, session) pairs differ then their ids differ', () => {
    const sessionArb = fc.oneof(alphanumeric(16), fc.string({ minLength: 1, maxLength: 8 }));
    fc.assert(
      fc.property(channelArnArb, channelArnArb, sessionArb, sessionArb, (c1, c2, s1, s2) => {
        fc.pre(c1.arn !== c2.arn || s1 !== s2);
        expect(recordingIdFor(c1.arn, s1)).not.toBe(recordingIdFor(c2.arn, s2));
        expect(recordingIdFor(c1.arn, s1)).toMatch(/^[A-Za-z0-9._~%-]+$/);
      }),
      RUNS,
    );
  });
});
