import { describe, expect, it } from 'vitest';
import { NO_LIFECYCLE, NO_MEDIA, type RecordingState } from '../recording-engine/records';
import { parseRecordingEndFile, type RecordingMediaIndex } from './end-file';
import ended from './fixtures/recording/events/recording-ended.json';
import failed from './fixtures/recording/events/recording-failed.json';
import { withMediaIndex } from './media-index';

const PREFIX = 'ivs/v1/123456789012/DemoChannel1/2026/11/23/20/12/q8Z9O91ndcVs';

const mediaOf = (json: unknown): RecordingMediaIndex => {
  const parsed = parseRecordingEndFile(JSON.stringify(json), PREFIX);
  if (!parsed.ok) throw new Error(parsed.why);
  return parsed.file.media;
};

const recording: RecordingState = {
  id: 'r',
  profileId: 'p',
  owner: null,
  streamSessionId: 'st-1',
  channelArn: 'arn:aws:ivs:us-east-1:123456789012:channel/DemoChannel1',
  recordingSessionId: 's',
  recordingStatus: 'COMPLETED',
  recordingStatusReason: null,
  s3BucketName: 'b',
  s3KeyPrefix: PREFIX,
  recordingDurationMs: 4000,
  streamIds: ['st-1'],
  startTime: null,
  endTime: null,
  ...NO_MEDIA,
  ...NO_LIFECYCLE,
};

const T1 = '2026-11-23T20:13:00.000Z';
const T2 = '2026-11-23T20:14:00.000Z';

describe('given the media index join', () => {
  it('when a recording without media gets an index then it holds the index and its time, the event fields untouched', () => {
    const next = withMediaIndex(recording, mediaOf(ended), T1);
    expect(next).toEqual({ ...recording, ...mediaOf(ended), mediaIndexedAt: T1 });
  });

  it('when the same index comes again, at any time, then the earliest time stays', () => {
    const a = withMediaIndex(withMediaIndex(recording, mediaOf(ended), T2), mediaOf(ended), T1);
    const b = withMediaIndex(withMediaIndex(recording, mediaOf(ended), T1), mediaOf(ended), T2);
    expect(a).toEqual(b);
    expect(a.mediaIndexedAt).toBe(T1);
  });

  it('when two different indexes come in either order then the same one wins', () => {
    const a = withMediaIndex(withMediaIndex(recording, mediaOf(ended), T1), mediaOf(failed), T2);
    const b = withMediaIndex(withMediaIndex(recording, mediaOf(failed), T2), mediaOf(ended), T1);
    expect(a).toEqual(b);
  });
});
