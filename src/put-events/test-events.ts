/**
 * The shipped test events (test-events/, for the demo channel) retargeted to
 * another channel: its ARN in Resources and in the details, its account and
 * channel id in the recording's S3 key prefix, and the recordings bucket the
 * backend reads in that account and region (its default name unless one is given).
 * Everything else (stream ids, recording session ids, times) stays, so the
 * records come out the same.
 */
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseChannelArn, type ChannelArn } from '../recording-engine/channel-arn';
import { defaultRecordingsBucketName } from '../recordings-bucket/bucket-name';
import { parseEntriesFile } from './entries-file';

/** The put-events entries files under test-events/, in the order to send them. */
export const TEST_EVENT_FILES = ['recording-start.json', 'recording-end.json', 'recording-failure.json'] as const;

const channelArnOrThrow = (text: string): ChannelArn => {
  const arn = parseChannelArn(text);
  if (!arn) throw new Error(`"${text}" is not an IVS channel ARN (arn:aws:ivs:<region>:<account>:channel/<id>)`);
  return arn;
};

const retargetText = (text: string, from: ChannelArn, to: ChannelArn): string =>
  text
    .split(from.arn)
    .join(to.arn)
    .split(`/${from.account}/${from.channelId}/`)
    .join(`/${to.account}/${to.channelId}/`);

const retargetValue = (value: unknown, from: ChannelArn, to: ChannelArn): unknown => {
  if (typeof value === 'string') return retargetText(value, from, to);
  if (Array.isArray(value)) return value.map((v) => retargetValue(v, from, to));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, retargetValue(v, from, to)]));
  }
  return value;
};

const withBucket = (detail: Record<string, unknown>, bucket: string): Record<string, unknown> =>
  typeof detail.recording_s3_bucket_name === 'string' && detail.recording_s3_bucket_name !== ''
    ? { ...detail, recording_s3_bucket_name: bucket }
    : detail;

/**
 * An entries file's text for another channel. The file must be a valid entries
 * file whose entries name `from` (checked, so a template drift fails loudly).
 */
export const retargetEntriesFile = (text: string, from: ChannelArn, to: ChannelArn, bucketName?: string): string => {
  const bucket = bucketName ?? defaultRecordingsBucketName(to.account, to.region);
  parseEntriesFile(text);
  const entries = JSON.parse(text) as Array<Record<string, unknown> & { Resources?: string[]; Detail: string }>;
  const retargeted = entries.map((entry, index) => {
    if (!entry.Resources?.includes(from.arn)) throw new Error(`entry ${index} does not name ${from.arn}`);
    return {
      ...entry,
      Resources: entry.Resources.map((r) => (r === from.arn ? to.arn : r)),
      Detail: JSON.stringify(
        withBucket(retargetValue(JSON.parse(entry.Detail), from, to) as Record<string, unknown>, bucket),
      ),
    };
  });
  return `${JSON.stringify(retargeted, null, 2)}\n`;
};

/** Writes the test events for `channelArn` into `outDir`; returns the files written. */
export const writeTestEvents = async (options: {
  templatesDir: string;
  templateChannelArn: string;
  channelArn: string;
  outDir: string;
  /** Default: the backend's default bucket name for the channel's account and region. */
  bucketName?: string;
}): Promise<string[]> => {
  const from = channelArnOrThrow(options.templateChannelArn);
  const to = channelArnOrThrow(options.channelArn);
  await mkdir(options.outDir, { recursive: true });
  const written: string[] = [];
  for (const name of TEST_EVENT_FILES) {
    const text = await readFile(path.join(options.templatesDir, name), 'utf8');
    const file = path.join(options.outDir, name);
    await writeFile(file, retargetEntriesFile(text, from, to, options.bucketName));
    written.push(file);
  }
  return written;
};
