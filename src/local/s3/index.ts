/** The local S3-compatible store: see local-s3-store.ts. */
export { putLocalObject, startLocalS3Store, type LocalS3Store, type LocalS3StoreOptions } from './local-s3-store';
export { localS3Client } from './local-s3-client';
