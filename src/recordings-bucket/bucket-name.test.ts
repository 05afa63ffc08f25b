import { describe, expect, it } from 'vitest';
import { simulateBroadcasts } from '../simulation/broadcast';
import { defaultRecordingsBucketName, recordingsBucketName } from './bucket-name';

describe('given the recordings bucket setting', () => {
  it('when no bucket is named then the default is ivs-recordings-<account>-<region>', () => {
    expect(recordingsBucketName({}, '123456789012', 'eu-west-1')).toBe('ivs-recordings-123456789012-eu-west-1');
    expect(recordingsBucketName({ IVS_RECORDINGS_BUCKET: '' }, '123456789012', 'eu-west-1')).toBe(
      'ivs-recordings-123456789012-eu-west-1',
    );
  });

  it('when IVS_RECORDINGS_BUCKET is set then it wins', () => {
    expect(recordingsBucketName({ IVS_RECORDINGS_BUCKET: 'my-recordings' }, '123456789012', 'eu-west-1')).toBe(
      'my-recordings',
    );
  });

  it('when the simulator names no bucket then its events carry the same default as the backend', () => {
    const simulation = simulateBroadcasts({ seed: 7, channels: 2, broadcastsPerChannel: 1, startTime: 0 });
    for (const channel of simulation.channels) {
      expect(channel.bucketName).toBe(defaultRecordingsBucketName(channel.account, channel.region));
    }
    const details = simulation.events.map((e) => JSON.parse(e.entry.Detail) as { recording_s3_bucket_name?: string });
    const named = new Set(details.flatMap((d) => (d.recording_s3_bucket_name ? [d.recording_s3_bucket_name] : [])));
    expect([...named]).toEqual([simulation.channels[0]!.bucketName]);
  });
});
