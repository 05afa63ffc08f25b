/**
 * Deletes every object under one recording's prefix of the recordings bucket: ListObjectsV2
 * pages of up to 1000 keys, one quiet DeleteObjects per page, pages one after another (within
 * S3's per-prefix request rates; SlowDown and 5xx answers are retried by the SDK's standard
 * retry). Idempotent: a rerun after a crash lists what is left and deletes it; a missing key
 * counts as deleted. Keys S3 could not delete are returned, never dropped.
 */
import { DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { IVS_RECORDINGS_PREFIX } from '../recordings-bucket/recordings-prefix';

/** S3's limit on the keys of one DeleteObjects request and of one ListObjectsV2 page. */
export const MAX_DELETE_BATCH = 1000;

export type PrefixDeletionResult = {
  /** Keys listed under the prefix (in a dry run: what would be deleted). */
  listed: number;
  /** Keys S3 answered deleted (missing keys included); 0 in a dry run. */
  deleted: number;
  /** DeleteObjects requests sent; 0 in a dry run. */
  batches: number;
  /** Keys S3 could not delete, with its error code (e.g. AccessDenied): a rerun tries them again. */
  errors: { key: string; code: string }[];
};

export type PrefixDeletionOptions = {
  /** List and count only: no DeleteObjects is sent. */
  dryRun?: boolean;
  /** Keys per page and per DeleteObjects, 1 to 1000 (default 1000). */
  batchSize?: number;
};

/** A prefix or batch size refused before any request: permanent, a rerun cannot succeed. */
export class PrefixDeletionInputError extends Error {
  override readonly name = 'PrefixDeletionInputError';
}

/**
 * A recording's prefix, `ivs/v1/.../<id>/`: under the recordings prefix (not the whole of it)
 * and ending in `/`, so `.../a/` never matches the objects of `.../ab/`.
 */
const checkPrefix = (prefix: string): void => {
  const refuse = (why: string) => {
    throw new PrefixDeletionInputError(
      `Refusing to delete under ${JSON.stringify(prefix)}: ${why} (a recording's prefix is ${IVS_RECORDINGS_PREFIX}v1/.../<recording id>/)`,
    );
  };
  if (prefix === '') refuse('the prefix is empty');
  if (!prefix.endsWith('/')) refuse('the prefix must end in "/"');
  if (!prefix.startsWith(IVS_RECORDINGS_PREFIX)) refuse(`the prefix is outside ${IVS_RECORDINGS_PREFIX}`);
  if (prefix === IVS_RECORDINGS_PREFIX) refuse(`the prefix is the whole of ${IVS_RECORDINGS_PREFIX}`);
};

export const deleteObjectsUnderPrefix = async (
  s3: S3Client,
  bucket: string,
  prefix: string,
  options: PrefixDeletionOptions = {},
): Promise<PrefixDeletionResult> => {
  checkPrefix(prefix);
  const batchSize = options.batchSize ?? MAX_DELETE_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_DELETE_BATCH)
    throw new PrefixDeletionInputError(
      `batchSize must be a whole number from 1 to ${MAX_DELETE_BATCH}, got ${batchSize}`,
    );

  const result: PrefixDeletionResult = { listed: 0, deleted: 0, batches: 0, errors: [] };
  let ContinuationToken: string | undefined;
  do {
    // The token continues after the last key listed, so keys that failed to delete are not listed again.
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: batchSize, ContinuationToken }),
    );
    const keys = (page.Contents ?? []).flatMap((object) => (object.Key === undefined ? [] : [object.Key]));
    const stray = keys.find((key) => !key.startsWith(prefix));
    // S3 never lists such a key; a wrong endpoint might, and nothing outside the prefix is deleted.
    if (stray !== undefined) throw new Error(`ListObjectsV2 under ${prefix} answered the key ${stray}`);
    result.listed += keys.length;
    if (!options.dryRun && keys.length > 0) {
      const answer = await s3.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Quiet: true, Objects: keys.map((Key) => ({ Key })) },
        }),
      );
      result.batches++;
      const errors = (answer.Errors ?? []).map((error) => ({
        key: error.Key ?? '(no key)',
        code: error.Code ?? 'Unknown',
      }));
      result.errors.push(...errors);
      result.deleted += keys.length - errors.length;
    }
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken !== undefined);
  return result;
};
