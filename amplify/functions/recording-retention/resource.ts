import { defineFunction } from '@aws-amplify/backend';
import { RECORDING_RETENTION } from '../function-names';

/**
 * Every day: deletes every object under the prefix of each recording whose retention
 * expired, then keeps its row as a tombstone; also answers the owner's `purgeRecording`
 * through the same code path. See src/retention/.
 */
export const recordingRetention = defineFunction({
  name: RECORDING_RETENTION,
  entry: './handler.ts',
  runtime: 24,
  schedule: 'every day',
  // Room for a run's recordings (bounded per run), one prefix after the other.
  timeoutSeconds: 900,
  memoryMB: 256,
  // The data schema grants this function access and names it as a handler: the data stack's group.
  resourceGroupName: 'data',
});
