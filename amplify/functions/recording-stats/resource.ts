import { defineFunction } from '@aws-amplify/backend';
import { RECORDING_STATS } from '../function-names';

/**
 * The `recordingStats(from, to)` query: the signed-in owner's recording analytics over a
 * range, read through the owner + recordedAt index (the caller's range only). See src/recording-stats/.
 */
export const recordingStats = defineFunction({
  name: RECORDING_STATS,
  entry: './handler.ts',
  runtime: 24,
  timeoutSeconds: 30,
  memoryMB: 256,
  // The data schema names it (handler and allow.resource): it must live in the data stack's group.
  resourceGroupName: 'data',
});
