import { describe, expect, it } from 'vitest';
import { recordingEvent, recordingFixtures, withDetail, withEnvelope } from './fixtures/ivs-events';
import type { RecordingStateChange, RecordingStatusChange } from './ivs-event';
import { NO_LIFECYCLE, NO_MEDIA, RECORDING_FIELDS, type RecordingState } from './records';
import {
  describeChange,
  isSameRecording,
  nextRecording,
  recordingIdFor,
  recordingStreamSessionId,
} from './recording-state';

const ARN = 'arn:aws:ivs:us-west-2:123456789012:channel/AbCdef1G2hij';
const PREFIX = 'ivs/v1/123456789012/AbCdef1G2hij/2020/6/23/20/12/j8Z9O91ndcVs';
const BUCKET = 'r2s3-dev-channel-1-recordings';
const S1 = 'st-254sopYUvi6F78ghpO9vn0A';
const S2 = 'st-1A2b3c4D5e6F78ghij9Klmn';
const OWNER = { profileId: 'profile-1', owner: 'user-sub-1::user-1' };
const ID = '123456789012-us-west-2-AbCdef1G2hij-a6RfV23ES97iyfoQ';

const events: Record<RecordingStatusChange, RecordingStateChange> = {
  START: recordingEvent(recordingFixtures.start),
  END: recordingEvent(recordingFixtures.end),
  START_FAILURE: recordingEvent(recordingFixtures.startFailure),
  END_FAILURE: recordingEvent(recordingFixtures.endFailure),
};

const fold = (list: readonly RecordingStateChange[], owner = OWNER): RecordingState | null =>
  list.reduce<RecordingState | null>((state, event) => nextRecording(state, event, owner), null);

const record = (fields: Partial<RecordingState>): RecordingState => ({
  id: ID,
  profileId: OWNER.profileId,
  owner: OWNER.owner,
  streamSessionId: S1,
  channelArn: ARN,
  recordingSessionId: 'a6RfV23ES97iyfoQ',
  recordingStatus: 'STARTED',
  recordingStatusReason: null,
  s3BucketName: BUCKET,
  s3KeyPrefix: PREFIX,
  recordingDurationMs: null,
  streamIds: [S1],
  startTime: null,
  endTime: null,
  ...NO_MEDIA,
  ...NO_LIFECYCLE,
  ...fields,
});

const START_TIME = '2020-06-23T20:12:05.000Z';
const START_FAILURE_TIME = '2020-06-23T20:12:04.000Z';
const END_TIME = '2020-06-24T07:51:32.000Z';
const END_FAILURE_TIME = '2020-06-24T07:51:40.000Z';

/** What one event alone gives. */
const single: Record<RecordingStatusChange, RecordingState> = {
  START: record({ startTime: START_TIME }),
  END: record({
    recordingStatus: 'COMPLETED',
    recordingDurationMs: 99370264,
    streamIds: [S1, S2],
    endTime: END_TIME,
  }),
  START_FAILURE: record({
    recordingStatus: 'FAILED',
    recordingStatusReason: 'ValidationException',
    s3KeyPrefix: null,
    startTime: START_FAILURE_TIME,
  }),
  END_FAILURE: record({
    recordingStatus: 'FAILED',
    recordingStatusReason: 'InternalServerException',
    streamIds: [S1, S2],
    endTime: END_FAILURE_TIME,
  }),
};

/** What each pair gives, whatever the order. Keys are the two statuses, sorted. */
const pairs: Record<string, RecordingState> = {
  'END+START': record({
    recordingStatus: 'COMPLETED',
    recordingDurationMs: 99370264,
    streamIds: [S1, S2],
    startTime: START_TIME,
    endTime: END_TIME,
  }),
  'START+START_FAILURE': record({
    recordingStatus: 'FAILED',
    recordingStatusReason: 'ValidationException',
    startTime: START_FAILURE_TIME,
  }),
  'END_FAILURE+START': record({
    recordingStatus: 'FAILED',
    recordingStatusReason: 'InternalServerException',
    streamIds: [S1, S2],
    startTime: START_TIME,
    endTime: END_FAILURE_TIME,
  }),
  'END+START_FAILURE': record({
    recordingStatus: 'FAILED',
    recordingStatusReason: 'ValidationException',
    recordingDurationMs: 99370264,
    streamIds: [S1, S2],
    startTime: START_FAILURE_TIME,
    endTime: END_TIME,
  }),
  'END+END_FAILURE': record({
    recordingStatus: 'FAILED',
    recordingStatusReason: 'InternalServerException',
    recordingDurationMs: 99370264,
    streamIds: [S1, S2],
    endTime: END_FAILURE_TIME,
  }),
  // Both failures: the greater reason by code units, whichever came first.
  'END_FAILURE+START_FAILURE': record({
    recordingStatus: 'FAILED',
    recordingStatusReason: 'ValidationException',
    streamIds: [S1, S2],
    startTime: START_FAILURE_TIME,
    endTime: END_FAILURE_TIME,
  }),
};

const STATUSES: readonly RecordingStatusChange[] = ['START', 'END', 'START_FAILURE', 'END_FAILURE'];

describe('given no recording yet', () => {
  it.each(STATUSES)('when %s arrives then the record is what that event alone says', (status) => {
    expect(nextRecording(null, events[status], OWNER)).toEqual(single[status]);
  });
});

for (const first of STATUSES) {
  describe(`given a recording that has seen ${first}`, () => {
    const before = fold([events[first]]);
    for (const second of STATUSES) {
      if (second === first) {
        it(`when ${second} arrives again then nothing changes`, () => {
          const after = nextRecording(before, events[second], OWNER);
          expect(after).toEqual(single[first]);
          expect(before !== null && isSameRecording(before, after)).toBe(true);
        });
      } else {
        const expected = pairs[[first, second].sort().join('+')];
        it(`when ${second} arrives then it is ${expected?.recordingStatus}, as in the other order`, () => {
          expect(expected).toBeDefined();
          expect(nextRecording(before, events[second], OWNER)).toEqual(expected);
          expect(fold([events[second], events[first]])).toEqual(expected);
        });
      }
    }
  });
}

describe('given a COMPLETED recording that never saw its Start', () => {
  const completed = fold([events.END]);
  it('when the late Start arrives then it stays COMPLETED and only fills the start time', () => {
    const after = nextRecording(completed, events.START, OWNER);
    expect(after.recordingStatus).toBe('COMPLETED');
    expect(describeChange(completed, after)).toEqual(['startTime']);
  });
});

describe('given a FAILED recording', () => {
  const failed = fold([events.START, events.END_FAILURE]);
  it.each(['START', 'END', 'START_FAILURE'] as const)('when %s arrives then it is still FAILED', (status) => {
    expect(nextRecording(failed, events[status], OWNER).recordingStatus).toBe('FAILED');
  });
});

describe('given durations', () => {
  it('when an End reports 0 ms then the duration is a known 0, not unknown', () => {
    expect(
      fold([recordingEvent(withDetail(recordingFixtures.end, { recording_duration_ms: 0 }))])?.recordingDurationMs,
    ).toBe(0);
  });
  it('when a failure reports 0 ms after an End then the End duration stays', () => {
    expect(fold([events.END, events.END_FAILURE])?.recordingDurationMs).toBe(99370264);
  });
  it('when two Ends disagree then the larger duration wins in either order', () => {
    const shorter = recordingEvent(withDetail(recordingFixtures.end, { recording_duration_ms: 1000 }));
    expect(fold([shorter, events.END])?.recordingDurationMs).toBe(99370264);
    expect(fold([events.END, shorter])?.recordingDurationMs).toBe(99370264);
  });
  it('when a Start reports no duration then the duration is unknown', () => {
    expect(fold([events.START])?.recordingDurationMs).toBeNull();
  });
});

describe('given events that disagree on S3 locations', () => {
  const other = recordingEvent(
    withDetail(recordingFixtures.end, { recording_s3_bucket_name: 'a-bucket', recording_s3_key_prefix: 'a/prefix' }),
  );
  it('when both arrive then the smallest non-empty values win in either order', () => {
    for (const order of [
      [events.START, other],
      [other, events.START],
    ]) {
      expect(fold(order)).toMatchObject({ s3BucketName: 'a-bucket', s3KeyPrefix: 'a/prefix' });
    }
  });
  it('when a Start Failure without prefix comes after a Start then the prefix stays', () => {
    expect(fold([events.START, events.START_FAILURE])?.s3KeyPrefix).toBe(PREFIX);
  });
});

describe('given an End without a stream list', () => {
  const bareEnd = recordingEvent(withDetail(recordingFixtures.end, { recording_session_stream_ids: undefined }));
  it('when it is the only event then its stream is the stream session', () => {
    expect(fold([bareEnd])).toMatchObject({ streamSessionId: S2, streamIds: [S2] });
  });
  // No list names both streams, so their order is unknowable: code-unit order (S2 < S1).
  it('when the Start arrives too then both streams are kept in code-unit order, in either order', () => {
    const expected = { streamSessionId: S2, streamIds: [S2, S1] };
    expect(fold([bareEnd, events.START])).toMatchObject(expected);
    expect(fold([events.START, bareEnd])).toMatchObject(expected);
  });
});

describe('given a merged recording of three streams', () => {
  const S3 = 'st-0aaaaaaaaaaaaaaaaaaaaaaa';
  const end = recordingEvent(
    withDetail(recordingFixtures.end, { stream_id: S3, recording_session_stream_ids: [S1, S2, S3] }),
  );
  it('when the End arrives then every stream is kept in IVS order and the first one is pointed at', () => {
    expect(fold([end])).toMatchObject({ streamIds: [S1, S2, S3], streamSessionId: S1 });
  });
  it('when a reconnect Start for the second stream arrives first then the result is the same', () => {
    const reconnect = recordingEvent(
      withDetail(recordingFixtures.start, { stream_id: S2, recording_session_stream_ids: [S1, S2] }),
    );
    expect(fold([reconnect, end])).toEqual(fold([end, reconnect]));
    expect(fold([reconnect])?.streamSessionId).toBe(S1);
  });
  it('when reconnect Starts carry no list then the streams are in code-unit order, in either order', () => {
    const start = recordingEvent(withDetail(recordingFixtures.start, { recording_session_stream_ids: undefined }));
    const reconnect = recordingEvent(
      withEnvelope(withDetail(recordingFixtures.start, { stream_id: S2, recording_session_stream_ids: undefined }), {
        time: '2020-06-23T21:00:00Z',
      }),
    );
    expect(fold([reconnect])?.streamSessionId).toBe(S2);
    expect(fold([reconnect, start])).toMatchObject({ streamSessionId: S2, streamIds: [S2, S1], startTime: START_TIME });
    expect(fold([start, reconnect])).toEqual(fold([reconnect, start]));
  });
});

describe('given the owner argument', () => {
  it('when the profile changes between events then the latest owner is written', () => {
    const moved = { profileId: 'profile-2', owner: null };
    expect(nextRecording(fold([events.START]), events.END, moved)).toMatchObject(moved);
  });
});

describe('given an event for another recording', () => {
  const current = fold([events.START]);
  it('when its recording session differs then it is a programming error', () => {
    const other = recordingEvent(withDetail(recordingFixtures.end, { recording_session_id: 'zzz' }));
    expect(() => nextRecording(current, other, OWNER)).toThrow(/does not belong to recording/);
  });
  it('when its channel differs then it is a programming error', () => {
    const other = recordingEvent(
      withEnvelope(recordingFixtures.end, { resources: ['arn:aws:ivs:us-west-2:123456789012:channel/Other1'] }),
    );
    expect(() => nextRecording(current, other, OWNER)).toThrow(Error);
  });
});

describe('given a Start Failure without a recording session id', () => {
  it('when it arrives then the record is keyed by its stream id', () => {
    const state = fold([recordingEvent(recordingFixtures.startFailureNoSession)]);
    expect(state).toMatchObject({
      id: `123456789012-us-west-2-AbCdef1G2hij-${S1}`,
      recordingSessionId: S1,
      recordingStatus: 'FAILED',
      s3KeyPrefix: null,
    });
  });
});

describe('given recordingIdFor', () => {
  it('when given the ARN and session id then the id is account-region-channel-session', () => {
    expect(recordingIdFor(ARN, 'a6RfV23ES97iyfoQ')).toBe(ID);
    expect(recordingIdFor(events.END)).toBe(ID);
  });
  it('when the session id has URL-unsafe characters then they are percent-encoded', () => {
    expect(recordingIdFor(ARN, "a/b c!'()*")).toBe('123456789012-us-west-2-AbCdef1G2hij-a%2Fb%20c%21%27%28%29%2A');
  });
  it('when the partition or region differ then the ids differ', () => {
    expect(recordingIdFor('arn:aws-us-gov:ivs:us-gov-west-1:123456789012:channel/AbCdef1G2hij', 's')).toBe(
      '123456789012-us-gov-west-1-AbCdef1G2hij-s',
    );
  });
  it('when the ARN is not a channel ARN then it throws', () => {
    expect(() => recordingIdFor('arn:aws:ivs:us-west-2:123456789012:stage/x', 's')).toThrow(/not an IVS channel ARN/);
    expect(() => recordingIdFor(ARN, '')).toThrow(/empty/);
  });
});

describe('given recordingStreamSessionId', () => {
  it.each([
    ['START', S1],
    ['START_FAILURE', S1],
    ['END', S1],
    ['END_FAILURE', S1],
  ] as const)('when the event is %s then the stream session is the first stream %s', (status, expected) => {
    expect(recordingStreamSessionId(events[status])).toBe(expected);
  });
  it('when an End has no stream list then it is the End stream id', () => {
    const bare = recordingEvent(withDetail(recordingFixtures.end, { recording_session_stream_ids: [] }));
    expect(recordingStreamSessionId(bare)).toBe(S2);
  });
});

describe('given describeChange and isSameRecording', () => {
  const started = fold([events.START]);
  const completed = fold([events.START, events.END]);
  it('when there was no record then every field is new', () => {
    expect(started && describeChange(null, started)).toHaveLength(RECORDING_FIELDS.length);
  });
  it('when the End arrives then status, duration, stream ids and end time changed', () => {
    expect(started && completed && describeChange(started, completed)).toEqual([
      'recordingStatus',
      'recordingDurationMs',
      'streamIds',
      'endTime',
    ]);
    expect(started && completed && isSameRecording(started, completed)).toBe(false);
  });
  it('when two records are equal but distinct objects then they are the same', () => {
    expect(started && isSameRecording(started, structuredClone(started))).toBe(true);
  });
});

describe('given a merged recording whose events carry growing prefixes of the IVS list', () => {
  const S3 = 'st-0aaaaaaaaaaaaaaaaaaaaaaa';
  const start = recordingEvent(recordingFixtures.start); // [S1]
  const reconnect = recordingEvent(
    withEnvelope(withDetail(recordingFixtures.start, { stream_id: S2, recording_session_stream_ids: [S1, S2] }), {
      time: '2020-06-23T21:00:00Z',
    }),
  );
  const end = recordingEvent(
    withDetail(recordingFixtures.end, { stream_id: S3, recording_session_stream_ids: [S1, S2, S3] }),
  );
  const orders = [
    [start, reconnect, end],
    [start, end, reconnect],
    [reconnect, start, end],
    [reconnect, end, start],
    [end, start, reconnect],
    [end, reconnect, start],
  ];
  it('when they arrive in any of the six orders then streamIds is the longest list, in IVS order', () => {
    for (const order of orders) {
      expect(fold(order)).toMatchObject({ streamIds: [S1, S2, S3], streamSessionId: S1, startTime: START_TIME });
    }
  });
  it('when the first Start is lost then the recording still points at the first stream', () => {
    expect(fold([reconnect])).toMatchObject({ streamIds: [S1, S2], streamSessionId: S1 });
    expect(fold([end, reconnect])).toMatchObject({ streamIds: [S1, S2, S3], streamSessionId: S1 });
  });
});

describe('given events whose stream lists contradict each other', () => {
  const S3 = 'st-0aaaaaaaaaaaaaaaaaaaaaaa';
  const endWith = (ids: string[]) =>
    recordingEvent(
      withDetail(recordingFixtures.end, { stream_id: ids[ids.length - 1], recording_session_stream_ids: ids }),
    );
  it('when two lists name the same streams in different orders then the greater sequence wins, in either order', () => {
    // S1 = st-2..., S2 = st-1...: [S1, S2] is the greater sequence by code units.
    expect(fold([endWith([S1, S2]), endWith([S2, S1])])?.streamIds).toEqual([S1, S2]);
    expect(fold([endWith([S2, S1]), endWith([S1, S2])])?.streamIds).toEqual([S1, S2]);
  });
  it('when neither list holds the other then every stream is kept in code-unit order, in either order', () => {
    const expected = { streamIds: [S3, S2, S1], streamSessionId: S3 };
    expect(fold([endWith([S1, S2]), endWith([S1, S3])])).toMatchObject(expected);
    expect(fold([endWith([S1, S3]), endWith([S1, S2])])).toMatchObject(expected);
  });
  it('when a list holds every stream of the sorted fallback then that list wins', () => {
    const fallback = fold([endWith([S1, S2]), endWith([S1, S3])]);
    expect(fallback && nextRecording(fallback, endWith([S1, S2, S3]), OWNER).streamIds).toEqual([S1, S2, S3]);
  });
});
