import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource';
import { data } from './data/resource';
import { IvsEventRouting, type BackendType } from './events/resource';
import { recordingStatusHandler } from './functions/recording-status-handler/resource';

const backend = defineBackend({
  auth,
  data,
  recordingStatusHandler,
});

const backendType = (backend.stack.node.tryGetContext('amplify-backend-type') ??
  'branch') as BackendType;

const ivsEventsStack = backend.createStack('IVSRecordingEvents');
export const ivsEventRouting = new IvsEventRouting(ivsEventsStack, {
  handler: backend.recordingStatusHandler.resources.lambda,
  backendType,
});
