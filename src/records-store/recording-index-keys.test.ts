import { describe, expect, it } from 'vitest';
import { NO_LIFECYCLE, NO_MEDIA, type RecordingState } from '../recording-engine/records';
import { EXPIRY_QUEUE, recordingIndexKeys } from './recording-index-keys';

const recording = (fields: Partial<RecordingState>): RecordingState => ({
  id: 'r',
  profileId: 'p',
  owner: 'o',
  streamSessionId: 'st-1',
  channelArn: 'arn:aws:ivs:us-east-1:123456789012:channel/abc',
  recordingSessionId: 'rs',
  recordingStatus: 'COMPLETED',
  recordingStatusReason: null,
  s3BucketName: null,
  s3KeyPrefix: null,
  recordingDurationMs: null,
  streamIds: ['st-1'],
  startTime: null,
  endTime: null,
  ...NO_MEDIA,
  ...NO_LIFECYCLE,
  ...fields,
});

describe('recordingIndexKeys', () => {
  it('given an expiry and no tombstone, when derived, then the recording is in the expiry queue', () => {
    expect(recordingIndexKeys(recording({ expiresAt: '2026-12-01T00:00:00.000Z' })).expiryQueue).toBe(EXPIRY_QUEUE);
  });

  it('given a tombstone or no expiry, when derived, then the recording leaves the expiry queue', () => {
    const expires = { expiresAt: '2026-12-01T00:00:00.000Z' };
    expect(recordingIndexKeys(recording({ ...expires, deletedAt: '2026-12-02T00:00:00.000Z' })).expiryQueue).toBeNull();
    expect(recordingIndexKeys(recording({})).expiryQueue).toBeNull();
  });

  it('given a start time, when derived, then it is recordedAt, else the end time', () => {
    const start = '2026-11-30T10:00:00.000Z';
    const end = '2026-11-30T11:00:00.000Z';
    expect(recordingIndexKeys(recording({ startTime: start, endTime: end })).recordedAt).toBe(start);
    expect(recordingIndexKeys(recording({ endTime: end })).recordedAt).toBe(end);
  });
});
