import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource';
import { data } from './data/resource';
import { IvsEventRouting, ivsEventsPattern, type BackendType } from './events/resource';
import { PARKED_EVENT_TTL_ATTRIBUTE } from '../src/parked-events/parked-event';
import { MAX_CHANNELS_PER_USER_ENV, RECORDING_CONFIGURATION_ARN_ENV } from '../src/channels/channel-settings';
import { mediaSettings } from '../src/deploy-settings/media-settings';
import { PLAYBACK_BUCKET, PLAYBACK_DOMAIN, PLAYBACK_KEY_PAIR_ID } from '../src/playback/playback-settings';
import { RECORDINGS_BUCKET_ENV } from '../src/recordings-bucket/bucket-name';
import { grantChannelOperations } from './functions/channel-operations/permissions';
import { channelOperations } from './functions/channel-operations/resource';
import { grantReadEndFiles } from './functions/end-file-access';
import { grantPublishLifecycleEvents } from './functions/lifecycle-events-access';
import { LIFECYCLE_EVENT_BUS_ENV } from '../src/lifecycle-events/lifecycle-settings';
import { grantPlaybackAccess } from './functions/playback/permissions';
import { playback } from './functions/playback/resource';
import { grantReconcileAccess } from './functions/reconcile-recordings/permissions';
import { reconcileRecordings } from './functions/reconcile-recordings/resource';
import { recordingStatusHandler } from './functions/recording-status-handler/resource';
import { grantRecordingRetentionAccess } from './functions/recording-retention/permissions';
import { recordingRetention } from './functions/recording-retention/resource';
import {
  defaultRetentionDays,
  maxRecordingsPerRun,
  RECORDING_RETENTION_DAYS_ENV,
  RETENTION_MAX_PER_RUN_ENV,
} from '../src/retention/retention-settings';
import { recordingStats } from './functions/recording-stats/resource';
import { alarmEmail } from './monitoring/alarm-email';
import { RecordingsMedia } from './playback/recordings-media';
import { RecordingMonitoring } from './monitoring/recording-monitoring';

const backend = defineBackend({
  auth,
  data,
  recordingStatusHandler,
  reconcileRecordings,
  channelOperations,
  playback,
  recordingRetention,
  recordingStats,
});

// Settings come from the environment of the synthesis (ampx passes no other context); a bad one stops here.
const settings = mediaSettings(process.env);
export const recordingsMedia = new RecordingsMedia(backend.createStack('RecordingsMedia'), 'RecordingsMedia', {
  settings,
});

// Parked events (src/parked-events) expire: DynamoDB's TTL removes them after expiresAt, within
// days; replay and reconciliation ignore and delete expired ones themselves meanwhile.
const parkedEventsTable = backend.data.resources.cfnResources.amplifyDynamoDbTables.ParkedEvent;
if (!parkedEventsTable) throw new Error('the data schema has no ParkedEvent table');
parkedEventsTable.timeToLiveAttribute = { attributeName: PARKED_EVENT_TTL_ATTRIBUTE, enabled: true };

const backendType = (backend.stack.node.tryGetContext('amplify-backend-type') ?? 'branch') as BackendType;

const ivsEventsStack = backend.createStack('IVSRecordingEvents');
export const ivsEventRouting = new IvsEventRouting(ivsEventsStack, {
  handler: backend.recordingStatusHandler.resources.lambda,
  backendType,
});

// Reconciliation: read the recordings bucket's IVS metadata and IVS stream sessions.
const reconcileLambda = backend.reconcileRecordings.resources.lambda;
backend.reconcileRecordings.addEnvironment(RECORDINGS_BUCKET_ENV, recordingsMedia.bucket.bucketName);
grantReconcileAccess(reconcileLambda, recordingsMedia.bucket);
// Media indexing: the handler reads the recordings' end files, nothing else of the bucket.
grantReadEndFiles(backend.recordingStatusHandler.resources.lambda, recordingsMedia.bucket);

// Lifecycle events (docs/lifecycle-events.md): Recording Ready / Failed / Deleted to the default
// bus, source ivs-recording-tracker, which none of the backend's own rules match (no loop).
for (const fn of [backend.recordingStatusHandler, backend.reconcileRecordings, backend.recordingRetention]) {
  fn.addEnvironment(LIFECYCLE_EVENT_BUS_ENV, grantPublishLifecycleEvents(fn.resources.lambda));
}

// Channels: created with the recording configuration, up to the limit per user.
backend.channelOperations.addEnvironment(
  RECORDING_CONFIGURATION_ARN_ENV,
  recordingsMedia.recordingConfiguration.attrArn,
);
backend.channelOperations.addEnvironment(MAX_CHANNELS_PER_USER_ENV, String(settings.maxChannelsPerUser));
grantChannelOperations(backend.channelOperations.resources.lambda, recordingsMedia.recordingConfiguration);

// Playback: sign CloudFront access to the recordings bucket's media, list its thumbnails.
// Without a playback public key there is no distribution: the query says PLAYBACK_DOMAIN is not set.
backend.playback.addEnvironment(PLAYBACK_DOMAIN, recordingsMedia.distribution?.distributionDomainName ?? '');
backend.playback.addEnvironment(PLAYBACK_KEY_PAIR_ID, recordingsMedia.publicKey?.publicKeyId ?? '');
backend.playback.addEnvironment(PLAYBACK_BUCKET, recordingsMedia.bucket.bucketName);
grantPlaybackAccess(backend.playback.resources.lambda, recordingsMedia.bucket);

// Retention: the default period decides each final recording's expiry (where it becomes final:
// the handler, and reconciliation's repairs); the daily function deletes what expired.
const retentionDays = defaultRetentionDays(process.env);
for (const fn of [backend.recordingStatusHandler, backend.reconcileRecordings]) {
  fn.addEnvironment(RECORDING_RETENTION_DAYS_ENV, retentionDays === null ? '' : String(retentionDays));
}
backend.recordingRetention.addEnvironment(RETENTION_MAX_PER_RUN_ENV, String(maxRecordingsPerRun(process.env)));
grantRecordingRetentionAccess(backend.recordingRetention.resources.lambda, recordingsMedia.bucket);

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
      recordingsBucketName: recordingsMedia.bucket.bucketName,
      recordingConfigurationArn: recordingsMedia.recordingConfiguration.attrArn,
    },
  },
});
