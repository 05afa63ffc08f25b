// Thin Lambda entry: wire the data client and S3, then run src/retention (schedule or purgeRecording).
import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import { amplifyDataClientConfig } from '../../../src/event-processing/data-client-config';
import { powertoolsEventLogger } from '../../../src/event-processing/powertools-observability';
import { announceRecordingDeleted } from '../../../src/lifecycle-events/lifecycle-outbox';
import { publisherFromEnvironment } from '../../../src/lifecycle-events/put-events-publisher';
import { createRetentionFunction } from '../../../src/retention/retention-function';
import { maxRecordingsPerRun } from '../../../src/retention/retention-settings';
import { retentionDeps } from '../../../src/retention/retention-wiring';
import type { Schema } from '../../data/resource';
import { RECORDING_RETENTION } from '../function-names';

const { resourceConfig, libraryOptions } = await amplifyDataClientConfig(process.env);
Amplify.configure(resourceConfig, libraryOptions);

/** The handler over an S3 client (the local stack passes its store's) and an environment. */
export const createHandler = (clients: { s3: S3Client; env: NodeJS.ProcessEnv }) => {
  const deps = retentionDeps({
    // IAM explicitly: the function is granted by allow.resource, whatever the API's default mode.
    client: generateClient<Schema>({ authMode: 'iam' }),
    s3: clients.s3,
    logger: powertoolsEventLogger(new Logger({ serviceName: RECORDING_RETENTION })),
  });
  // Recording Deleted after each tombstone, to the bus LIFECYCLE_EVENT_BUS names (docs/lifecycle-events.md).
  const publish = publisherFromEnvironment(clients.env);
  return createRetentionFunction({
    ...deps,
    ...(publish ? { announceDeletion: announceRecordingDeleted(publish) } : {}),
    maxRecordingsPerRun: maxRecordingsPerRun(clients.env),
  });
};

export const handler = createHandler({ s3: new S3Client({}), env: process.env });
