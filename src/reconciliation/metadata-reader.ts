/**
 * Reads a recording's end metadata from S3 (the stock S3 client: AWS, or the local
 * store with an endpoint and path-style). Without s3:ListBucket (not granted), S3
 * answers a missing key with 403, so "absent" and "not readable" look alike here.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  ENDED_FILE,
  FAILED_FILE,
  metadataKey,
  parseRecordingEndMetadata,
  type RecordingEndMetadata,
} from './recording-metadata';

export type MetadataRead =
  | { kind: 'found'; key: string; metadata: RecordingEndMetadata }
  | { kind: 'absent'; why: string }
  | { kind: 'invalid'; key: string; why: string };

export type ObjectReader = (bucket: string, key: string) => Promise<string | 'absent' | 'forbidden'>;

export const s3ObjectReader =
  (client: Pick<S3Client, 'send'>): ObjectReader =>
  async (bucket, key) => {
    try {
      const output = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await output.Body?.transformToString('utf8')) ?? '';
    } catch (error) {
      const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) return 'absent';
      if (e.name === 'AccessDenied' || e.$metadata?.httpStatusCode === 403) return 'forbidden';
      throw error;
    }
  };

/** recording-ended.json, else recording-failed.json, under the prefix. */
export const readEndMetadata = async (read: ObjectReader, bucket: string, prefix: string): Promise<MetadataRead> => {
  const misses: string[] = [];
  for (const file of [ENDED_FILE, FAILED_FILE] as const) {
    const key = metadataKey(prefix, file);
    const text = await read(bucket, key);
    if (text === 'absent' || text === 'forbidden') {
      misses.push(`${file} ${text === 'absent' ? 'absent' : 'absent or not readable (403)'}`);
      continue;
    }
    const parsed = parseRecordingEndMetadata(text);
    return parsed.ok ? { kind: 'found', key, metadata: parsed.metadata } : { kind: 'invalid', key, why: parsed.why };
  }
  return { kind: 'absent', why: misses.join('; ') };
};
