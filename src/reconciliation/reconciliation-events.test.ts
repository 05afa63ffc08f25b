import { describe, expect, it } from 'vitest';
import { parseIvsEvent, type RecordingStateChange, type StreamStateChange } from '../recording-engine/ivs-event';
import type { RecordingState, StreamSessionState } from '../recording-engine/records';
import { nextRecording } from '../recording-engine/recording-state';
import { nextStreamSession } from '../recording-engine/stream-session-state';
import endedJson from './fixtures/recording-ended.json';
import failedJson from './fixtures/recording-failed.json';
import startedJson from './fixtures/recording-started.json';
import { parseRecordingEndMetadata, type RecordingEndMetadata } from './recording-metadata';
import { RECONCILIATION_SOURCE, recordingFindingFrom, streamFindingFrom } from './reconciliation-events';

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
    expect(parseRecordingEndMetadata(JSON.stringify(startedJson))).toMatchObject({ ok: false, why: expect.stringMatching(/has not ended/) });
    const noDuration = structuredClone(endedJson) as { media: { hls: Record<string, unknown> } };
    delete noDuration.media.hls.duration_ms;
    expect(parseRecordingEndMetadata(JSON.stringify(noDuration))).toMatchObject({ ok: false, why: 'media.hls.duration_ms missing' });
    expect(parseRecordingEndMetadata(JSON.stringify({ ...endedJson, recording_ended_at: 'yesterday' }))).toMatchObject({ ok: false });
    expect(parseRecordingEndMetadata('not json')).toMatchObject({ ok: false });
  });
});

describe('given a recording stuck in STARTED', () => {
  it('when its recording-ended.json is found then the derived event is a Recording End the engine turns into COMPLETED with the true times and duration', () => {
    const finding = recordingFindingFrom(started, metadataOf(endedJson));
    expect(finding.kind).toBe('apply');
    if (finding.kind !== 'apply') return;
    const event = parseIvsEvent(finding.event) as RecordingStateChange;
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
    const finding = recordingFindingFrom(started, metadataOf(failedJson));
    if (finding.kind !== 'apply') throw new Error(finding.why);
    const event = parseIvsEvent(finding.event) as RecordingStateChange;
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
    expect(recordingFindingFrom(started, null)).toMatchObject({ kind: 'pending' });
    expect(recordingFindingFrom(started, { ...metadataOf(endedJson), channelArn: `${CHANNEL}X` })).toMatchObject({ kind: 'invalid' });
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
    const finding = streamFindingFrom(live, { startTime: new Date('2026-11-23T10:00:00Z'), endTime: new Date('2026-11-23T10:30:05.250Z') });
    if (finding.kind !== 'apply') throw new Error(finding.why);
    const event = parseIvsEvent(finding.event) as StreamStateChange;
    expect(event).toMatchObject({ kind: 'stream', eventName: 'STREAM_END', streamId: live.streamId, time: '2026-11-23T10:30:05.250Z' });
    expect(nextStreamSession(live, event, owner)).toEqual({ ...live, status: 'ENDED', endTime: '2026-11-23T10:30:05.250Z', duration: 1_805_250 });
  });

  it('when IVS says it is still live, or does not know it, then nothing is applied', () => {
    expect(streamFindingFrom(live, { startTime: new Date(), endTime: null })).toMatchObject({ kind: 'pending' });
    expect(streamFindingFrom(live, null)).toMatchObject({ kind: 'invalid' });
  });
});
