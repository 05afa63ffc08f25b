import { defineFunction } from '@aws-amplify/backend';
import { CHANNEL_OPERATIONS } from '../function-names';

/**
 * Behind the `createChannel` mutation and the `streamKey` query: creates a signed-in user's
 * IVS channel (with the backend's recording configuration, tagged with its owner) and its
 * Profile, and reads the stream key for the channel's owner only. See src/channels/.
 */
export const channelOperations = defineFunction({
  name: CHANNEL_OPERATIONS,
  entry: './handler.ts',
  runtime: 24,
  timeoutSeconds: 15,
  memoryMB: 256,
  // A data handler granted by the schema: it lives in the data stack's group.
  resourceGroupName: 'data',
});
