import { defineFunction } from '@aws-amplify/backend';

/**
 * Receives "IVS Recording State Change" and "IVS Stream State Change" events
 * from EventBridge and keeps Recording and StreamSession records right.
 */
export const recordingStatusHandler = defineFunction({
  name: 'RecordingStatusHandler',
  entry: './handler.ts',
  runtime: 24,
  timeoutSeconds: 30,
  memoryMB: 512,
  // The data schema grants this function access, so it must live in the data
  // stack's resource group to avoid a circular dependency between nested stacks.
  resourceGroupName: 'data',
});
