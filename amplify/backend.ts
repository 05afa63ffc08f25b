import { defineBackend } from '@aws-amplify/backend';
import { Aws } from 'aws-cdk-lib';
import { auth } from './auth/resource';
import { data } from './data/resource';
import { IvsEventRouting, ivsEventsPattern, type BackendType } from './events/resource';
import { PARKED_EVENT_TTL_ATTRIBUTE } from '../src/parked-events/parked-event';
import { recordingsBucketName, RECORDINGS_BUCKET_ENV } from '../src/recordings-bucket/bucket-name';
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
// Settings come from the environment of the synthesis: ampx passes no other context.
const bucketName = recordingsBucketName(process.env, Aws.ACCOUNT_ID, Aws.REGION);
backend.reconcileRecordings.addEnvironment(RECORDINGS_BUCKET_ENV, bucketName);
grantReconcileAccess(reconcileLambda, bucketName);

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
