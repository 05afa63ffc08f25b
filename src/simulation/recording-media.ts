/**
 * What IVS auto-record writes under a simulated recording's prefix, from the committed
 * recording fixtures (src/recording-media/fixtures): events/recording-started.json, the
 * HLS media and thumbnails, then events/recording-ended.json (or recording-failed.json),
 * their JSON set to the recording's channel, times and duration. Written into the local S3
 * store, whose "Object Created" events make the handler index each recording's media.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ENDED_FILE, FAILED_FILE } from '../recording-media/end-file';
import type { SimulatedBroadcast } from './broadcast';

export type FixtureFile = { key: string; body: Buffer };
export type MediaObject = { bucket: string; key: string; body: Buffer | string };

const STARTED_FILE = 'events/recording-started.json';

/** RFC 3339 with whole seconds, as IVS writes its times. */
const ivsTime = (iso: string): string => `${iso.slice(0, 19)}Z`;

const template = (fixtures: readonly FixtureFile[], key: string): Record<string, unknown> => {
  const file = fixtures.find((f) => f.key === key);
  if (!file) throw new Error(`recording fixture ${key} missing`);
  return JSON.parse(file.body.toString('utf8')) as Record<string, unknown>;
};

/** The objects of one broadcast, in the order IVS writes them (the end file last); none without a prefix. */
export const recordingMediaObjects = (
  broadcast: SimulatedBroadcast,
  fixtures: readonly FixtureFile[],
): MediaObject[] => {
  const { recording } = broadcast.expected;
  if (recording.s3KeyPrefix === null || recording.s3BucketName === null || recording.startTime === null) return [];
  const { s3BucketName: bucket, s3KeyPrefix: prefix } = recording;
  const object = (key: string, body: Buffer | string): MediaObject => ({ bucket, key: `${prefix}/${key}`, body });
  const started = {
    ...template(fixtures, STARTED_FILE),
    channel_arn: broadcast.channelArn,
    recording_started_at: ivsTime(recording.startTime),
  };
  const objects = [
    object(STARTED_FILE, JSON.stringify(started)),
    ...fixtures.filter((f) => f.key.startsWith('media/')).map((f) => object(f.key, f.body)),
  ];
  if (recording.endTime === null) return objects;
  const failed = recording.recordingStatus === 'FAILED';
  const endFile = failed ? FAILED_FILE : ENDED_FILE;
  const ended = template(fixtures, endFile) as { media: { hls: Record<string, unknown> } } & Record<string, unknown>;
  const end = {
    ...ended,
    channel_arn: broadcast.channelArn,
    recording_started_at: ivsTime(recording.startTime),
    recording_ended_at: ivsTime(recording.endTime),
    // The recorded duration; a failure reports 0 (the simulated End Failure says no more).
    media: { ...ended.media, hls: { ...ended.media.hls, duration_ms: failed ? 0 : recording.recordingDurationMs } },
  };
  return [...objects, object(endFile, JSON.stringify(end))];
};

/** Puts the objects one after another (the end file of a recording after its media). */
export const writeRecordingMedia = async (
  s3: Pick<S3Client, 'send'>,
  objects: readonly MediaObject[],
): Promise<number> => {
  for (const { bucket, key, body } of objects) {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  }
  return objects.length;
};
