import { defineFunction } from '@aws-amplify/backend';

/**
 * Every 15 minutes: finds Recordings still STARTED and StreamSessions still LIVE long
 * after they began, learns what happened from the recording's S3 metadata files and
 * from IVS GetStreamSession, and applies it through the same engine and conditional
 * writes as RecordingStatusHandler. See src/reconciliation/.
 */
export const reconcileRecordings = defineFunction({
  name: 'ReconcileRecordings',
  entry: './handler.ts',
  runtime: 24,
  schedule: 'every 15m',
  // Room for a few hundred IVS calls at the rate limit, and the data writes.
  timeoutSeconds: 300,
  memoryMB: 256,
  // The data schema grants this function access: it must live in the data stack's group.
  resourceGroupName: 'data',
});
