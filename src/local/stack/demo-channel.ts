import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The channel of the shipped test events, which the demo profile is for. */
export const demoChannelArn = async (projectRoot: string): Promise<string> => {
  const entries = JSON.parse(
    await readFile(path.join(projectRoot, 'test-events/recording-start.json'), 'utf8'),
  ) as Array<{
    Resources?: string[];
  }>;
  const arn = entries[0]?.Resources?.[0];
  if (!arn) throw new Error('test-events/recording-start.json names no channel ARN in Resources');
  return arn;
};

/** The bucket of the shipped test events' recordings: the local stack's playback bucket. */
export const demoRecordingsBucket = async (projectRoot: string): Promise<string> => {
  const entries = JSON.parse(
    await readFile(path.join(projectRoot, 'test-events/recording-start.json'), 'utf8'),
  ) as Array<{ Detail?: string }>;
  const bucket = entries
    .map(
      (entry) => (JSON.parse(entry.Detail ?? '{}') as { recording_s3_bucket_name?: unknown }).recording_s3_bucket_name,
    )
    .find((name) => typeof name === 'string' && name !== '');
  if (typeof bucket !== 'string' || bucket === '') {
    throw new Error('test-events/recording-start.json names no recording_s3_bucket_name in its Detail');
  }
  return bucket;
};
