import { S3Client } from '@aws-sdk/client-s3';

/** The stock S3 client pointed at the local store: path-style, placeholder credentials. */
export const localS3Client = (endpoint: string, region = 'us-east-1'): S3Client =>
  new S3Client({
    endpoint,
    forcePathStyle: true,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
