import { describe, expect, it } from 'vitest';
import { NO_LIFECYCLE, NO_MEDIA, type RecordingState } from '../recording-engine/records';
import { DAY_MS, retentionDaysFor, withExpiry } from './expiry';

const WRITTEN_AT = Date.parse('2026-11-30T12:00:00.000Z');

const recording = (patch: Partial<RecordingState>): RecordingState => ({
  id: 'rec-1',
  profileId: 'profile-1',
  owner: 'sub-1::alice',
  streamSessionId: 'st-1',
  channelArn: 'arn:aws:ivs:us-east-1:123456789012:channel/AbCd',
  recordingSessionId: 'session-1',
  recordingStatus: 'COMPLETED',
  recordingStatusReason: null,
  s3BucketName: 'bucket',
  s3KeyPrefix: 'ivs/v1/123456789012/AbCd/2026/11/30/11/0/session-1',
  recordingDurationMs: 60_000,
  streamIds: ['st-1'],
  startTime: '2026-11-30T11:00:00.000Z',
  endTime: '2026-11-30T11:01:00.000Z',
  ...NO_MEDIA,
  ...NO_LIFECYCLE,
  ...patch,
});

describe('given a write of a recording and a retention period', () => {
  it('when the write makes it COMPLETED then it expires its retention days after its end time', () => {
    expect(withExpiry(recording({}), 30, WRITTEN_AT).expiresAt).toBe('2026-12-30T11:01:00.000Z');
  });

  it('when it is FAILED without an end time (a start failure) then it expires that long after the write', () => {
    const failed = recording({ recordingStatus: 'FAILED', endTime: null });
    expect(withExpiry(failed, 1, WRITTEN_AT).expiresAt).toBe(new Date(WRITTEN_AT + DAY_MS).toISOString());
  });

  it('when it is still STARTED then it gets no expiry: only a final recording is deleted', () => {
    expect(withExpiry(recording({ recordingStatus: 'STARTED', endTime: null }), 30, WRITTEN_AT).expiresAt).toBeNull();
  });

  it('when it already has an expiry then that one stays (a later End or a changed profile does not move it)', () => {
    const expiring = recording({ expiresAt: '2027-01-01T00:00:00.000Z' });
    expect(withExpiry(expiring, 1, WRITTEN_AT)).toBe(expiring);
  });

  it('when there is no retention period then it is kept forever (no expiry) and returned as it is', () => {
    const final = recording({});
    expect(withExpiry(final, null, WRITTEN_AT)).toBe(final);
  });
});

describe('given a profile and the backend default', () => {
  it.each([
    [7, 30, 7],
    [null, 30, 30],
    [null, null, null],
    [null, undefined, null],
  ])('when the profile says %s and the default is %s then the period is %s', (profileDays, defaultDays, expected) => {
    expect(retentionDaysFor({ retentionDays: profileDays }, defaultDays)).toBe(expected);
  });
});
