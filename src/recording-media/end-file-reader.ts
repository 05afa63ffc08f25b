/**
 * Reads a recording's end file from S3 through an injected reader (the stock S3 client
 * for reconciliation, a signed GET in the handler, the local store locally). Without
 * s3:ListBucket (never granted), S3 answers a missing key with 403, so "absent" and "not
 * readable" look alike here.
 */
import { END_FILES, metadataKey, parseRecordingEndFile, type EndFileName, type RecordingEndFile } from './end-file';

/** The object's text, or why there is none. Other failures throw (retryable). */
export type ObjectReader = (bucket: string, key: string) => Promise<string | 'absent' | 'forbidden'>;

export type EndFileRead =
  | { kind: 'found'; key: string; file: RecordingEndFile }
  | { kind: 'absent'; why: string }
  | { kind: 'invalid'; key: string; why: string };

/** One end file by name. */
export const readEndFileNamed = async (
  read: ObjectReader,
  bucket: string,
  prefix: string,
  name: EndFileName,
): Promise<EndFileRead> => {
  const key = metadataKey(prefix, name);
  const text = await read(bucket, key);
  if (text === 'absent' || text === 'forbidden')
    return { kind: 'absent', why: `${name} ${text === 'absent' ? 'absent' : 'absent or not readable (403)'}` };
  const parsed = parseRecordingEndFile(text, prefix);
  return parsed.ok ? { kind: 'found', key, file: parsed.file } : { kind: 'invalid', key, why: parsed.why };
};

/** recording-ended.json, else recording-failed.json, under the prefix. */
export const readEndFile = async (read: ObjectReader, bucket: string, prefix: string): Promise<EndFileRead> => {
  const misses: string[] = [];
  for (const name of END_FILES) {
    const found = await readEndFileNamed(read, bucket, prefix, name);
    if (found.kind !== 'absent') return found;
    misses.push(found.why);
  }
  return { kind: 'absent', why: misses.join('; ') };
};
