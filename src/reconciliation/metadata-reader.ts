/**
 * The end-file reader over the stock S3 client (AWS, or the local store with an endpoint
 * and path-style). The reading and parsing are src/recording-media's, shared with the
 * handler's media indexing.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectReader } from '../recording-media/end-file-reader';

export type { ObjectReader };

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
