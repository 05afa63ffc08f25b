import { describe, expect, it } from 'vitest';
import { parseIvsEvent, type RecordingStateChange, type StreamStateChange } from '../recording-engine/ivs-event';
import { NO_LIFECYCLE, NO_MEDIA, type RecordingState, type StreamSessionState } from '../recording-engine/records';
import { nextRecording } from '../recording-engine/recording-state';
import { isKnownOnlyFromRecordings, nextStreamSession } from '../recording-engine/stream-session-state';
import endedJson from './fixtures/recording-ended.json';
import failedJson from './fixtures/recording-failed.json';
import startedJson from './fixtures/recording-started.json';
import { parseRecordingEndFile, type RecordingEndMetadata } from '../recording-media/end-file';
import { RECONCILIATION_SOURCE, recordingRepairs, streamSessionRepairs } from './reconciliation-events';

const CHANNEL = 'arn:aws:ivs:us-west-2:123456789012:channel/AbCdef1G2hij';
const owner = { profileId: 'profile-1', owner: 'sub::owner' };

const started: RecordingState = {
  id: '123456789012-us-west-2-AbCdef1G2hij-a6RfV23ES97iyfoQ',
  profileId: 'profile-1',
  owner: 'sub::owner',
  streamSessionId: 'st-254sopYUvi6F78ghpO9vn0A',
  channelArn: CHANNEL,
  recordingSessionId: 'a6RfV23ES97iyfoQ',
  recordingStatus: 'STARTED',
  recordingStatusReason: null,
  s3BucketName: 'r2s3-dev-channel-1-recordings',
  s3KeyPrefix: 'ivs/v1/123456789012/AbCdef1G2hij/2020/6/23/20/12/j8Z9O91ndcVs',
  recordingDurationMs: null,
  streamIds: ['st-254sopYUvi6F78ghpO9vn0A', 'st-1A2b3c4D5e6F78ghij9Klmn'],
  startTime: '2020-06-23T20:12:05.000Z',
  endTime: null,
  ...NO_MEDIA,
  ...NO_LIFECYCLE,
};

/** The end facts of the one parser (src/recording-media), for a file under the fixture's prefix. */
const parseRecordingEndMetadata = (text: string) => {
  const parsed = parseRecordingEndFile(text, 'ivs/v1/123456789012/AbCdef1G2hij/2020/6/23/20/12/j8Z9O91ndcVs');
  return parsed.ok ? { ok: true as const, metadata: parsed.file.metadata } : parsed;
};

const metadataOf = (json: object): RecordingEndMetadata => {
  const parsed = parseRecordingEndMetadata(JSON.stringify(json));
  if (!parsed.ok) throw new Error(parsed.why);
  return parsed.metadata;
};

describe('given the metadata files IVS writes', () => {
  it('when recording-ended.json is parsed then the end time and the HLS duration come out', () => {
    expect(metadataOf(endedJson)).toEqual({
      status: 'RECORDING_ENDED',
      channelArn: CHANNEL,
      message: '',
      startedAt: '2020-06-23T20:12:04.000Z',
      endedAt: '2020-06-24T07:51:27.000Z',
      durationMs: 41_963_000,
    });
  });

  it('when recording-started.json, an ended file without duration, or a bad time is parsed then it is refused with a reason', () => {
    expect(parseRecordingEndMetadata(JSON.stringify(startedJson))).toMatchObject({
      ok: false,
      why: expect.stringMatching(/has not ended/),
    });
    const noDuration = structuredClone(endedJson) as { media: { hls: Record<string, unknown> } };
    delete noDuration.media.hls.duration_ms;
    expect(parseRecordingEndMetadata(JSON.stringify(noDuration))).toMatchObject({
      ok: false,
      why: 'media.hls.duration_ms missing',
    });
    expect(parseRecordingEndMetadata(JSON.stringify({ ...endedJson, recording_ended_at: 'yesterday' }))).toMatchObject({
      ok: false,
    });
    expect(parseRecordingEndMetadata('not json')).toMatchObject({ ok: false });
  });
});

describe('given a recording stuck in STARTED', () => {
  it('when its recording-ended.json is found then the derived event is a Recording End the engine turns into COMPLETED with the true times and duration', () => {
    const derived = recordingRepairs(started, metadataOf(endedJson)).events.at(-1);
    expect(derived).toBeDefined();
    const event = parseIvsEvent(derived) as RecordingStateChange;
    expect(event).toMatchObject({
      kind: 'recording',
      source: RECONCILIATION_SOURCE,
      status: 'END',
      time: '2020-06-24T07:51:27.000Z',
      durationMs: 41_963_000,
      recordingSessionId: 'a6RfV23ES97iyfoQ',
      channelArn: CHANNEL,
    });
    const next = nextRecording(started, event, owner);
    expect(next).toEqual({
      ...started,
      recordingStatus: 'COMPLETED',
      recordingDurationMs: 41_963_000,
      endTime: '2020-06-24T07:51:27.000Z',
    });
    // Applying it again changes nothing.
    expect(nextRecording(next, event, owner)).toEqual(next);
  });

  it('when its recording-failed.json is found then the record becomes FAILED with the message as reason and the recorded duration', () => {
    const event = parseIvsEvent(
      recordingRepairs(started, metadataOf(failedJson)).events.at(-1),
    ) as RecordingStateChange;
    expect(event).toMatchObject({ status: 'END_FAILURE', reason: 'InternalServerException', durationMs: 3_000_000 });
    expect(nextRecording(started, event, owner)).toMatchObject({
      recordingStatus: 'FAILED',
      recordingStatusReason: 'InternalServerException',
      recordingDurationMs: 3_000_000,
      endTime: '2020-06-23T21:02:10.000Z',
      startTime: started.startTime,
      streamSessionId: started.streamSessionId,
    });
  });

  it('when no metadata exists yet, or it names another channel, then nothing is applied', () => {
    expect(recordingRepairs(started, null)).toEqual({
      events: [],
      unknown: [expect.stringContaining('no recording-ended.json')],
    });
    expect(recordingRepairs(started, { ...metadataOf(endedJson), channelArn: `${CHANNEL}X` })).toEqual({
      events: [],
      unknown: [expect.stringContaining('is not the recording')],
    });
  });
});

describe('given a stream session stuck in LIVE', () => {
  const live: StreamSessionState = {
    id: 'st-1A2b3c4D5e6F78ghij9Klmn',
    profileId: 'profile-1',
    owner: 'sub::owner',
    channelArn: CHANNEL,
    streamId: 'st-1A2b3c4D5e6F78ghij9Klmn',
    status: 'LIVE',
    statusReason: null,
    startTime: '2026-11-23T10:00:00.000Z',
    endTime: null,
    viewerCount: null,
    duration: null,
  };

  it('when IVS reports an endTime then the derived Stream End makes it ENDED with its duration', () => {
    const { events } = streamSessionRepairs(live, {
      startTime: new Date('2026-11-23T10:00:00Z'),
      endTime: new Date('2026-11-23T10:30:05.250Z'),
    });
    expect(events).toHaveLength(1);
    const event = parseIvsEvent(events[0]) as StreamStateChange;
    expect(event).toMatchObject({
      kind: 'stream',
      eventName: 'STREAM_END',
      streamId: live.streamId,
      time: '2026-11-23T10:30:05.250Z',
    });
    expect(nextStreamSession(live, event, owner)).toEqual({
      ...live,
      status: 'ENDED',
      endTime: '2026-11-23T10:30:05.250Z',
      duration: 1_805_250,
    });
  });

  it('when IVS says it is still live, or does not know it, then nothing is applied', () => {
    expect(streamSessionRepairs(live, { startTime: new Date(), endTime: null })).toEqual({
      events: [],
      unknown: [expect.stringContaining('still live')],
    });
    expect(streamSessionRepairs(live, null)).toEqual({
      events: [],
      unknown: [expect.stringContaining('ResourceNotFound')],
    });
  });
});

describe('given a stream session known only from recording events', () => {
  const vouched: StreamSessionState = {
    id: 'st-1A2b3c4D5e6F78ghij9Klmn',
    profileId: 'profile-1',
    owner: 'sub::owner',
    channelArn: CHANNEL,
    streamId: 'st-1A2b3c4D5e6F78ghij9Klmn',
    status: 'LIVE',
    statusReason: null,
    startTime: null,
    endTime: null,
    viewerCount: null,
    duration: null,
  };
  const apply = (session: StreamSessionState, events: readonly unknown[]): StreamSessionState =>
    events.reduce<StreamSessionState>(
      (state, raw) => nextStreamSession(state, parseIvsEvent(raw) as StreamStateChange, owner) ?? state,
      session,
    );

  it('when IVS reports its start and end then a Stream Start and a Stream End complete it', () => {
    const repairs = streamSessionRepairs(vouched, {
      startTime: new Date('2026-11-23T10:00:00Z'),
      endTime: new Date('2026-11-23T10:30:00Z'),
    });
    expect(repairs.unknown).toEqual([]);
    expect(repairs.events.map((e) => [e.id, (e.detail as { event_name: string }).event_name])).toEqual([
      [`reconcile:${vouched.id}:stream-start`, 'Stream Start'],
      [`reconcile:${vouched.id}:stream-end`, 'Stream End'],
    ]);
    const completed = apply(vouched, repairs.events);
    expect(completed).toEqual({
      ...vouched,
      status: 'ENDED',
      startTime: '2026-11-23T10:00:00.000Z',
      endTime: '2026-11-23T10:30:00.000Z',
      duration: 1_800_000,
    });
    expect(isKnownOnlyFromRecordings(completed)).toBe(false);
  });

  it('when IVS says it is still live then only the start is derived and the end is counted as unknown', () => {
    const repairs = streamSessionRepairs(vouched, { startTime: new Date('2026-11-23T10:00:00Z'), endTime: null });
    expect(repairs.events).toHaveLength(1);
    expect(repairs.unknown).toEqual(['end time: IVS reports the stream as still live']);
  });

  it('when IVS does not know the stream then nothing is derived and it is counted as unknown', () => {
    expect(streamSessionRepairs(vouched, null)).toEqual({
      events: [],
      unknown: ['IVS has no such stream session (ResourceNotFound)'],
    });
  });
});

describe('given recordings that missed events', () => {
  const metadata = metadataOf(endedJson);
  const applyAll = (recording: RecordingState, events: readonly unknown[]): RecordingState =>
    events.reduce<RecordingState>(
      (state, raw) => nextRecording(state, parseIvsEvent(raw) as RecordingStateChange, owner),
      recording,
    );

  it('when only the End arrived then the metadata gives the start time and nothing else changes', () => {
    const ended = {
      ...started,
      recordingStatus: 'COMPLETED' as const,
      startTime: null,
      endTime: metadata.endedAt,
      recordingDurationMs: 41_963_000,
    };
    const repairs = recordingRepairs(ended, metadata);
    expect(repairs.events.map((e) => (e.detail as { recording_status: string }).recording_status)).toEqual([
      'Recording Start',
    ]);
    expect(applyAll(ended, repairs.events)).toEqual({ ...ended, startTime: '2020-06-23T20:12:04.000Z' });
  });

  it('when a STARTED recording has a later start than the metadata then both the start and the end are derived', () => {
    const late = { ...started, startTime: '2020-06-23T20:40:00.000Z' };
    const after = applyAll(late, recordingRepairs(late, metadata).events);
    expect(after).toMatchObject({
      recordingStatus: 'COMPLETED',
      startTime: '2020-06-23T20:12:04.000Z',
      endTime: '2020-06-24T07:51:27.000Z',
    });
    expect(recordingRepairs(after, metadata).events).toEqual([]);
  });

  it('when the recording failed to start then nothing is derived and nothing is unknown', () => {
    const startFailed = { ...started, recordingStatus: 'FAILED' as const, s3KeyPrefix: null };
    expect(recordingRepairs(startFailed, null)).toEqual({ events: [], unknown: [] });
  });
});
