import { describe, expect, it } from 'vitest';
import { PermanentEventError } from './errors';
import {
  recordingEvent,
  recordingFixtures,
  streamEvent,
  streamFixtures,
  withDetail,
  withEnvelope,
} from './fixtures/ivs-events';
import type { RecordingStateChange, StreamEventName, StreamStateChange } from './ivs-event';
import type { StreamSessionState } from './records';
import {
  describeChange,
  isKnownOnlyFromRecordings,
  isSameStreamSession,
  nextStreamSession,
  nextStreamSessionFromRecording,
  streamSessionIdFor,
  whyIgnored,
} from './stream-session-state';

const ARN = 'arn:aws:ivs:us-west-2:123456789012:channel/AbCdef1G2hij';
const S1 = 'st-254sopYUvi6F78ghpO9vn0A';
const OWNER = { profileId: 'profile-1', owner: 'user-sub-1::user-1' };
const START_TIME = '2020-06-23T20:12:00.000Z';
const END_TIME = '2020-06-23T21:12:00.000Z';
const HOUR_MS = 3_600_000;

const start = streamEvent(streamFixtures.streamStart);
const end = streamEvent(streamFixtures.streamEnd);
const failure = streamEvent(streamFixtures.streamFailure);

const fold = (events: readonly StreamStateChange[], owner = OWNER): StreamSessionState | null =>
  events.reduce<StreamSessionState | null>((state, event) => nextStreamSession(state, event, owner) ?? state, null);

const session = (fields: Partial<StreamSessionState>): StreamSessionState => ({
  id: S1,
  profileId: OWNER.profileId,
  owner: OWNER.owner,
  channelArn: ARN,
  streamId: S1,
  status: 'LIVE',
  statusReason: null,
  startTime: null,
  endTime: null,
  viewerCount: null,
  duration: null,
  ...fields,
});

type Name = 'STREAM_START' | 'STREAM_END' | 'STREAM_FAILURE';
const events: Record<Name, StreamStateChange> = { STREAM_START: start, STREAM_END: end, STREAM_FAILURE: failure };
const NAMES: readonly Name[] = ['STREAM_START', 'STREAM_END', 'STREAM_FAILURE'];
const REASON = 'Bitrate exceeded the channel limit';

const single: Record<Name, StreamSessionState> = {
  STREAM_START: session({ startTime: START_TIME }),
  STREAM_END: session({ status: 'ENDED', endTime: END_TIME }),
  STREAM_FAILURE: session({ status: 'FAILED', statusReason: REASON }),
};

/** Keys: the two event names, sorted. */
const pairs: Record<string, StreamSessionState> = {
  'STREAM_END+STREAM_START': session({ status: 'ENDED', startTime: START_TIME, endTime: END_TIME, duration: HOUR_MS }),
  'STREAM_FAILURE+STREAM_START': session({ status: 'FAILED', statusReason: REASON, startTime: START_TIME }),
  'STREAM_END+STREAM_FAILURE': session({ status: 'FAILED', statusReason: REASON, endTime: END_TIME }),
};

describe('given no stream session yet', () => {
  it.each(NAMES)('when %s arrives then the session is what that event alone says', (name) => {
    expect(nextStreamSession(null, events[name], OWNER)).toEqual(single[name]);
  });
  it('when the id is derived then it is the stream id', () => {
    expect(streamSessionIdFor(S1)).toBe(S1);
  });
});

for (const first of NAMES) {
  describe(`given a stream session that has seen ${first}`, () => {
    const before = fold([events[first]]);
    for (const second of NAMES) {
      if (second === first) {
        it(`when ${second} arrives again then nothing changes`, () => {
          const after = nextStreamSession(before, events[second], OWNER);
          expect(after).toEqual(single[first]);
          expect(before !== null && after !== null && isSameStreamSession(before, after)).toBe(true);
        });
      } else {
        const expected = pairs[[first, second].sort().join('+')];
        it(`when ${second} arrives then it is ${expected?.status}, as in the other order`, () => {
          expect(expected).toBeDefined();
          expect(nextStreamSession(before, events[second], OWNER)).toEqual(expected);
          expect(fold([events[second], events[first]])).toEqual(expected);
        });
      }
    }
  });
}

describe('given all three events', () => {
  it('when they arrive in every order then the session is FAILED with start, end and duration', () => {
    const expected = session({
      status: 'FAILED',
      statusReason: REASON,
      startTime: START_TIME,
      endTime: END_TIME,
      duration: HOUR_MS,
    });
    for (const order of [
      [start, end, failure],
      [start, failure, end],
      [end, start, failure],
      [end, failure, start],
      [failure, start, end],
      [failure, end, start],
    ]) {
      expect(fold(order)).toEqual(expected);
    }
  });
});

describe('given an ENDED session that never saw its Start', () => {
  it('when the late Start arrives then start time and duration are filled and it stays ENDED', () => {
    const ended = fold([end]);
    const after = nextStreamSession(ended, start, OWNER);
    expect(after?.status).toBe('ENDED');
    expect(ended && after && describeChange(ended, after)).toEqual(['startTime', 'duration']);
  });
});

describe('given the events handled as no-ops on purpose', () => {
  const ignored: [keyof typeof streamFixtures, StreamEventName][] = [
    ['sessionCreated', 'SESSION_CREATED'],
    ['sessionEnded', 'SESSION_ENDED'],
    ['streamTakeover', 'STREAM_TAKEOVER'],
    ['streamTakeoverFailure', 'STREAM_TAKEOVER_FAILURE'],
  ];
  it.each(ignored)('when %s arrives then there is nothing to write, and why says so', (fixture, name) => {
    const live = fold([start]);
    expect(nextStreamSession(live, streamEvent(streamFixtures[fixture]), OWNER)).toBeNull();
    expect(nextStreamSession(null, streamEvent(streamFixtures[fixture]), OWNER)).toBeNull();
    expect(whyIgnored(name)).toMatch(new RegExp(`^${name} is a no-op`));
  });
  it.each(NAMES)('when asked about %s then it is not ignored', (name) => {
    expect(whyIgnored(name)).toBeNull();
  });
  it('when Session Ended comes before Stream End then the session still ends on Stream End', () => {
    const state = fold([start, streamEvent(streamFixtures.sessionEnded), end]);
    expect(state).toMatchObject({ status: 'ENDED', endTime: END_TIME });
  });
});

describe('given times that go backwards', () => {
  it('when the End is earlier than the Start then the duration is unknown, not negative', () => {
    const early = streamEvent(withEnvelope(streamFixtures.streamEnd, { time: '2020-06-23T20:00:00Z' }));
    expect(fold([start, early])).toMatchObject({ status: 'ENDED', duration: null });
  });
  it('when two Starts disagree then the earliest wins, in either order', () => {
    const later = streamEvent(withEnvelope(streamFixtures.streamStart, { time: '2020-06-23T20:30:00Z' }));
    expect(fold([later, start, end])?.duration).toBe(HOUR_MS);
    expect(fold([start, later, end])?.duration).toBe(HOUR_MS);
  });
});

describe('given a stored viewer count', () => {
  it('when a stream event arrives then the count is kept', () => {
    const live = { ...session({ startTime: START_TIME }), viewerCount: 42 };
    expect(nextStreamSession(live, end, OWNER)?.viewerCount).toBe(42);
  });
});

describe('given a Stream Failure without a reason', () => {
  it('when it arrives then the session is FAILED with no reason', () => {
    const bare = streamEvent(withDetail(streamFixtures.streamFailure, { reason: undefined }));
    expect(fold([bare])).toMatchObject({ status: 'FAILED', statusReason: null });
  });
});

describe('given an event for another stream', () => {
  it('when it is applied then it is a programming error', () => {
    const other = streamEvent(withDetail(streamFixtures.streamEnd, { stream_id: 'st-other1' }));
    expect(() => nextStreamSession(fold([start]), other, OWNER)).toThrow(/does not belong to stream session/);
  });
});

describe('given the owner argument', () => {
  it('when the profile changes then the latest owner is written', () => {
    const moved = { profileId: 'profile-2', owner: null };
    expect(nextStreamSession(fold([start]), end, moved)).toMatchObject(moved);
  });
});

describe('given recording events as evidence that a stream was live', () => {
  const S2 = 'st-1A2b3c4D5e6F78ghij9Klmn';
  const recordingStart = recordingEvent(recordingFixtures.start); // names S1
  const recordingEnd = recordingEvent(recordingFixtures.end); // names S1 then S2
  const startFailure = recordingEvent(recordingFixtures.startFailure);
  type Delivered = StreamStateChange | RecordingStateChange;
  /** Folds what reaches the session of S1: stream events, and the recording events as evidence. */
  const foldAll = (delivered: readonly Delivered[]): StreamSessionState | null =>
    delivered.reduce<StreamSessionState | null>(
      (state, event) =>
        event.kind === 'recording'
          ? nextStreamSessionFromRecording(state, event, S1, OWNER)
          : (nextStreamSession(state, event, OWNER) ?? state),
      null,
    );
  const permutations = <T>(items: readonly T[]): T[][] =>
    items.length <= 1
      ? [[...items]]
      : items.flatMap((item, i) =>
          permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
        );

  it.each([
    ['a Recording Start', recordingStart],
    ['a Recording End', recordingEnd],
    ['a Recording Start Failure', startFailure],
  ] as const)('when only %s arrives then the session is LIVE with no times, known only from recordings', (_, event) => {
    const state = nextStreamSessionFromRecording(null, event, S1, OWNER);
    expect(state).toEqual(session({}));
    expect(isKnownOnlyFromRecordings(state)).toBe(true);
  });

  it('when a merged End arrives then each stream it lists gets its session', () => {
    expect(nextStreamSessionFromRecording(null, recordingEnd, S2, OWNER)).toEqual(session({ id: S2, streamId: S2 }));
  });

  it('when the evidence names another stream then it is a programming error', () => {
    expect(() => nextStreamSessionFromRecording(null, recordingStart, S2, OWNER)).toThrow(/does not name stream/);
  });

  it.each([
    ['Start', [start]],
    ['Start and End', [start, end]],
    ['End', [end]],
    ['Failure', [failure]],
    ['Start, Failure and End', [start, failure, end]],
    [
      'Session Created, Start, Session Ended and End',
      [streamEvent(streamFixtures.sessionCreated), start, streamEvent(streamFixtures.sessionEnded), end],
    ],
  ] as const)(
    'when the stream events %s arrive too, in any order, then the session is what they alone make it',
    (_, streamEvents) => {
      const alone = fold(streamEvents);
      for (const order of permutations<Delivered>([...streamEvents, recordingStart, recordingEnd])) {
        const state = foldAll(order);
        expect(state).toEqual(alone);
        expect(state && isKnownOnlyFromRecordings(state)).toBe(false);
      }
    },
  );

  it('when the stream session belongs to another channel then the event is refused for good', () => {
    const other = 'arn:aws:ivs:us-west-2:123456789012:channel/Other1';
    const elsewhere = recordingEvent(withEnvelope(recordingFixtures.start, { resources: [other] }));
    const error = (() => {
      try {
        nextStreamSessionFromRecording(fold([start]), elsewhere, S1, OWNER);
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(PermanentEventError);
    expect(error).toMatchObject({ reason: 'stream_of_another_channel', field: 'detail.stream_id' });
    expect(() =>
      nextStreamSession(
        fold([start]),
        streamEvent(withEnvelope(streamFixtures.streamEnd, { resources: [other] })),
        OWNER,
      ),
    ).toThrow(/belongs to channel arn:aws:ivs:us-west-2:123456789012:channel\/AbCdef1G2hij/);
  });
});
