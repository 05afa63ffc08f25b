// Thin Lambda entry: wire the data client and S3, parse the AppSync event, run src/playback.
import { S3Client } from '@aws-sdk/client-s3';
import type { AppSyncResolverEvent } from 'aws-lambda';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import { amplifyDataClientConfig } from '../../../src/event-processing/data-client-config';
import { listKeys } from '../../../src/playback/object-listing';
import { playbackFor, type PlaybackAnswer } from '../../../src/playback/playback';
import { parsePlaybackEvent } from '../../../src/playback/playback-event';
import { playbackSettings } from '../../../src/playback/playback-settings';
import { findRecordingMedia } from '../../../src/records-store/recording-media-lookup';
import type { Schema } from '../../data/resource';

const { resourceConfig, libraryOptions } = await amplifyDataClientConfig(process.env);
Amplify.configure(resourceConfig, libraryOptions);

// IAM explicitly: the function is granted by allow.resource, whatever the API's default mode.
const client = generateClient<Schema>({ authMode: 'iam' });

/** The handler over this S3 client and environment (the local stack passes its own). */
export const createPlaybackHandler =
  (clients: { s3: S3Client; env: Record<string, string | undefined> }) =>
  async (event: AppSyncResolverEvent<Record<string, unknown>>): Promise<PlaybackAnswer> => {
    const request = parsePlaybackEvent(event);
    // Read per call: the secret is resolved into the environment at cold start.
    const settings = playbackSettings(clients.env);
    return playbackFor(request, {
      settings,
      findRecording: (id) => findRecordingMedia(client, id),
      listKeys: (prefix) => listKeys(clients.s3, settings.bucket, prefix),
      now: Date.now(),
    });
  };

export const handler = createPlaybackHandler({ s3: new S3Client({}), env: process.env });
