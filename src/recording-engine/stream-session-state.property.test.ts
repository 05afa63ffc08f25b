import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  channelArnArb,
  deliveryArb,
  epochSecondArb,
  isoSecond,
  rawStreamEvent,
  streamIdArb,
  uuidArb,
} from './fixtures/arbitraries';
import { streamEvent } from './fixtures/ivs-events';
import type { StreamStateChange } from './ivs-event';
import type { StreamSessionState } from './records';
import { nextStreamSession } from './stream-session-state';

const OWNER = { profileId: 'profile-1', owner: null };
const RUNS = { numRuns: 1000 };

const fold = (events: readonly StreamStateChange[]): StreamSessionState | null =>
  events.reduce<StreamSessionState | null>((state, event) => nextStreamSession(state, event, OWNER) ?? state, null);

/** One broadcast and the events IVS would send for it, in true order. */
const broadcastArb = fc
  .record({
    channel: channelArnArb,
    streamId: streamIdArb,
    startSecond: epochSecondArb,
    liveSeconds: fc.integer({ min: 0, max: 48 * 3600 }),
    failsAfter: fc.option(fc.integer({ min: 0, max: 48 * 3600 }), { nil: undefined }),
    sessionCreated: fc.boolean(),
    sessionEnded: fc.boolean(),
    takeovers: fc.integer({ min: 0, max: 2 }),
    ids: fc.array(uuidArb, { minLength: 8, maxLength: 8 }),
  })
  .map((b) => {
    const endSecond = b.startSecond + b.liveSeconds;
    const raw: { time: number; eventName: string; reason?: string; code?: string }[] = [];
    if (b.sessionCreated) raw.push({ time: b.startSecond - 1, eventName: 'Session Created' });
    raw.push({ time: b.startSecond, eventName: 'Stream Start' });
    for (let i = 0; i < b.takeovers; i++) {
      raw.push({
        time: b.startSecond + i,
        eventName: i === 0 ? 'Stream Takeover' : 'Stream Takeover Failure',
        code: 'X',
      });
    }
    if (b.failsAfter !== undefined) {
      raw.push({
        time: b.startSecond + Math.min(b.failsAfter, b.liveSeconds),
        eventName: 'Stream Failure',
        reason: 'Ingest failed',
      });
    }
    raw.push({ time: endSecond, eventName: 'Stream End' });
    if (b.sessionEnded) raw.push({ time: endSecond, eventName: 'Session Ended', code: 'Done' });
    const events = raw.map((e, i) =>
      streamEvent(
        rawStreamEvent(
          {
            id: b.ids[i] ?? `id-${i}`,
            time: e.time,
            channelArn: b.channel.arn,
            region: b.channel.region,
            account: b.channel.account,
          },
          { eventName: e.eventName, streamId: b.streamId, reason: e.reason, code: e.code },
        ),
      ),
    );
    return { ...b, endSecond, events };
  });

describe('given any real-shaped broadcast', () => {
  it('when its events arrive in any order with duplicates then the session equals the in-order one', () => {
    fc.assert(
      fc.property(
        broadcastArb.chain((b) => deliveryArb(b.events).map((delivery) => ({ b, delivery }))),
        ({ b, delivery }) => {
          const inOrder = fold(b.events);
          expect(fold(delivery)).toEqual(inOrder);
          expect(inOrder).toEqual({
            id: b.streamId,
            profileId: OWNER.profileId,
            owner: null,
            channelArn: b.channel.arn,
            streamId: b.streamId,
            status: b.failsAfter === undefined ? 'ENDED' : 'FAILED',
            statusReason: b.failsAfter === undefined ? null : 'Ingest failed',
            startTime: isoSecond(b.startSecond),
            endTime: isoSecond(b.endSecond),
            viewerCount: null,
            duration: b.liveSeconds * 1000,
          });
        },
      ),
      RUNS,
    );
  });
});

describe('given any set of events for one stream', () => {
  it('when folded in two different orders with duplicates then the sessions are equal', () => {
    const eventsArb = fc.record({ channel: channelArnArb, streamId: streamIdArb }).chain(({ channel, streamId }) =>
      fc
        .array(
          fc.record({
            id: uuidArb,
            time: fc.integer({ min: 1_700_000_000, max: 1_700_000_100 }),
            eventName: fc.constantFrom(
              'Stream Start',
              'Stream End',
              'Stream Failure',
              'Session Created',
              'Session Ended',
              'Stream Takeover',
              'Stream Takeover Failure',
            ),
            reason: fc.constantFrom(undefined, '', 'A', 'B'),
          }),
          { minLength: 1, maxLength: 8 },
        )
        .map((events) =>
          events.map((e) =>
            streamEvent(
              rawStreamEvent(
                { id: e.id, time: e.time, channelArn: channel.arn, region: channel.region, account: channel.account },
                { eventName: e.eventName, streamId, reason: e.reason },
              ),
            ),
          ),
        ),
    );
    fc.assert(
      fc.property(
        eventsArb.chain((events) =>
          fc.tuple(deliveryArb(events), deliveryArb(events)).map(([a, b]) => ({ events, a, b })),
        ),
        ({ events, a, b }) => {
          const result = fold(a);
          expect(fold(b)).toEqual(result);
          expect(fold(events)).toEqual(result);
          const counted = events.filter((e) => ['STREAM_START', 'STREAM_END', 'STREAM_FAILURE'].includes(e.eventName));
          expect(result === null).toBe(counted.length === 0);
        },
      ),
      RUNS,
    );
  });
});
