/** The local S3-compatible store: see local-s3-store.ts. */
export { startLocalS3Store, DEFAULT_LOCAL_S3_PORT, type LocalS3Store, type LocalS3StoreOptions } from './local-s3-store';
export { localS3Client } from './local-s3-client';
