/**
 * The handler's S3 reader for media indexing: one GetObject signed with the SigV4 signer the
 * Amplify client already carries (as the model introspection fetch is), so the bundle holds
 * no AWS SDK client. On AWS the function's credentials; locally the stack's S3 store
 * (AWS_ENDPOINT_URL_S3).
 */
import { RetryableError } from '../recording-engine/errors';
import type { ObjectReader } from '../recording-media/end-file-reader';
import { signedGetObjectRequest, type S3Access } from './data-client-config';

export const signedObjectReader =
  (access: S3Access, fetchImpl: typeof fetch = fetch): ObjectReader =>
  async (bucket, key) => {
    const { url, headers } = signedGetObjectRequest(access, bucket, key, new Date());
    let response: Response;
    try {
      response = await fetchImpl(url, { headers });
    } catch (error) {
      throw new RetryableError('unavailable', `S3 GetObject s3://${bucket}/${key} failed`, { cause: error });
    }
    const body = await response.text();
    if (response.ok) return body;
    if (response.status === 404) return 'absent';
    // Without s3:ListBucket a missing key is a 403 too.
    if (response.status === 403) return 'forbidden';
    const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1] ?? `HTTP ${response.status}`;
    throw new RetryableError(
      response.status === 503 || response.status === 429 ? 'throttled' : 'unavailable',
      `S3 GetObject s3://${bucket}/${key}: ${code}`,
    );
  };
