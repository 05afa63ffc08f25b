/**
 * Retention wired to its clients: the same for the Lambda function and `npm run retention`
 * (which passes the local S3 store's client and the local data API's).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { EventLogger } from '../event-processing/observability';
import { AmplifyRecordsStore, type DataClient } from '../records-store/amplify-records-store';
import { deleteObjectsUnderPrefix } from './prefix-deletion';
import type { RecordingDeletionDeps } from './recording-deletion';

export type RetentionClients = { client: DataClient; s3: S3Client; logger: EventLogger };

export const retentionDeps = ({
  client,
  s3,
  logger,
}: RetentionClients): Omit<RecordingDeletionDeps, 'now' | 'dryRun'> & {
  store: AmplifyRecordsStore;
} => ({
  store: new AmplifyRecordsStore(client),
  deletePrefix: (bucket, prefix, options) => deleteObjectsUnderPrefix(s3, bucket, prefix, options),
  logger,
});
