import { describe, expect, it } from 'vitest';
import { recordingLacksFacts, streamSessionLacksFacts } from './missing-facts';
import { NO_LIFECYCLE, NO_MEDIA, type RecordingState, type StreamSessionState } from './records';

const recording: RecordingState = {
  id: 'r',
  profileId: 'p',
  owner: 'o',
  streamSessionId: 'st-1',
  channelArn: 'arn:aws:ivs:us-west-2:123456789012:channel/abc',
  recordingSessionId: 'rs',
  recordingStatus: 'COMPLETED',
  recordingStatusReason: null,
  s3BucketName: 'b',
  s3KeyPrefix: 'ivs/v1/p',
  recordingDurationMs: 1000,
  streamIds: ['st-1'],
  startTime: '2026-11-30T10:00:00.000Z',
  endTime: '2026-11-30T10:00:01.000Z',
  ...NO_MEDIA,
  ...NO_LIFECYCLE,
  mediaIndexedAt: '2026-11-30T10:00:02.000Z',
};

const session: StreamSessionState = {
  id: 'st-1',
  profileId: 'p',
  owner: 'o',
  channelArn: 'arn:aws:ivs:us-west-2:123456789012:channel/abc',
  streamId: 'st-1',
  status: 'ENDED',
  statusReason: null,
  startTime: '2026-11-30T10:00:00.000Z',
  endTime: '2026-11-30T10:00:01.000Z',
  viewerCount: null,
  duration: 1000,
};

describe('given a recording', () => {
  it('when it is final and has its start, end and duration then it lacks nothing', () => {
    expect(recordingLacksFacts(recording)).toBe(false);
    expect(recordingLacksFacts({ ...recording, recordingStatus: 'FAILED' })).toBe(false);
  });

  it.each(['startTime', 'endTime', 'recordingDurationMs', 'mediaIndexedAt'] as const)(
    'when it is final without %s then it lacks a fact',
    (field) => {
      expect(recordingLacksFacts({ ...recording, [field]: null })).toBe(true);
      expect(recordingLacksFacts({ ...recording, recordingStatus: 'FAILED', [field]: null })).toBe(true);
    },
  );

  it('when it is still STARTED, or has no S3 prefix to read, then it is not counted as lacking', () => {
    expect(recordingLacksFacts({ ...recording, recordingStatus: 'STARTED', endTime: null })).toBe(false);
    expect(recordingLacksFacts({ ...recording, s3KeyPrefix: null, endTime: null })).toBe(false);
  });
});

describe('given a stream session', () => {
  it.each(['startTime', 'endTime'] as const)('when it is over without %s then it lacks a fact', (field) => {
    expect(streamSessionLacksFacts({ ...session, [field]: null })).toBe(true);
    expect(streamSessionLacksFacts({ ...session, status: 'FAILED', [field]: null })).toBe(true);
  });

  it('when it is over with both times, or still LIVE, then it is not counted as lacking', () => {
    expect(streamSessionLacksFacts(session)).toBe(false);
    expect(streamSessionLacksFacts({ ...session, status: 'LIVE', startTime: null, endTime: null })).toBe(false);
  });
});
