import { defineBackend } from '@aws-amplify/backend';
import { Aws } from 'aws-cdk-lib';
import { auth } from './auth/resource';
import { data } from './data/resource';
import { IvsEventRouting, ivsEventsPattern, type BackendType } from './events/resource';
import { recordingsBucketName, RECORDINGS_BUCKET_ENV } from '../src/recordings-bucket/bucket-name';
import { grantPlaybackAccess } from './functions/playback/permissions';
import { playback } from './functions/playback/resource';
import { PLAYBACK_BUCKET, PLAYBACK_DOMAIN, PLAYBACK_KEY_PAIR_ID } from '../src/playback/playback-settings';
import { grantReconcileAccess } from './functions/reconcile-recordings/permissions';
import { reconcileRecordings } from './functions/reconcile-recordings/resource';
import { recordingStatusHandler } from './functions/recording-status-handler/resource';
import { alarmEmail } from './monitoring/alarm-email';
import { RecordingMonitoring } from './monitoring/recording-monitoring';

const backend = defineBackend({
  auth,
  data,
  recordingStatusHandler,
  reconcileRecordings,
  playback,
});

const backendType = (backend.stack.node.tryGetContext('amplify-backend-type') ?? 'branch') as BackendType;

const ivsEventsStack = backend.createStack('IVSRecordingEvents');
export const ivsEventRouting = new IvsEventRouting(ivsEventsStack, {
  handler: backend.recordingStatusHandler.resources.lambda,
  backendType,
});

// Reconciliation: read the recordings bucket's IVS metadata and IVS stream sessions.
const reconcileLambda = backend.reconcileRecordings.resources.lambda;
// Settings come from the environment of the synthesis: ampx passes no other context.
const bucketName = recordingsBucketName(process.env, Aws.ACCOUNT_ID, Aws.REGION);
backend.reconcileRecordings.addEnvironment(RECORDINGS_BUCKET_ENV, bucketName);
grantReconcileAccess(reconcileLambda, bucketName);

// Playback: sign CloudFront access to the recordings bucket's media, list its thumbnails.
// The distribution and its public key come with the recordings media stack; until it is
// wired here, the synthesis environment names them (unset: the query says which is missing).
backend.playback.addEnvironment(PLAYBACK_DOMAIN, process.env[PLAYBACK_DOMAIN] ?? '');
backend.playback.addEnvironment(PLAYBACK_KEY_PAIR_ID, process.env[PLAYBACK_KEY_PAIR_ID] ?? '');
backend.playback.addEnvironment(PLAYBACK_BUCKET, bucketName);
grantPlaybackAccess(backend.playback.resources.lambda, bucketName);

const email = alarmEmail();
export const monitoring = new RecordingMonitoring(backend.createStack('Monitoring'), 'RecordingMonitoring', {
  handler: backend.recordingStatusHandler.resources.lambda,
  failedEventsQueue: ivsEventRouting.failedEventsQueue,
  deliveryDeadLetterQueue: ivsEventRouting.deliveryDeadLetterQueue,
  reconcileFunction: reconcileLambda,
  archivePattern: ivsEventsPattern(backendType),
  ...(email ? { alarmEmail: email } : {}),
});

// What scripts/redrive.ts needs, in amplify_outputs.json (`custom.ivsRecordings`).
backend.addOutput({
  custom: {
    ivsRecordings: {
      failedEventsQueueUrl: ivsEventRouting.failedEventsQueue.queueUrl,
      recordingStatusHandlerName: backend.recordingStatusHandler.resources.lambda.functionName,
      reconcileRecordingsName: reconcileLambda.functionName,
      dashboardName: monitoring.dashboard.dashboardName,
    },
  },
});
