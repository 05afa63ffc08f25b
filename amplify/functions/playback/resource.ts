import { defineFunction, secret } from '@aws-amplify/backend';
import { PLAYBACK_PRIVATE_KEY } from '../../../src/playback/playback-settings';
import { PLAYBACK } from '../function-names';

/**
 * The `playback(recordingId)` query: for the recording's owner, its master playlist URL,
 * CloudFront signed access to its media, poster, thumbnails and storyboard. See src/playback/.
 * PLAYBACK_DOMAIN, PLAYBACK_KEY_PAIR_ID and IVS_RECORDINGS_BUCKET are set by the backend.
 */
export const playback = defineFunction({
  name: PLAYBACK,
  entry: './handler.ts',
  runtime: 24,
  timeoutSeconds: 15,
  memoryMB: 256,
  // The private key is an Amplify secret (`npx ampx sandbox secret set PLAYBACK_PRIVATE_KEY`),
  // resolved into the environment at cold start, never in the template.
  environment: { [PLAYBACK_PRIVATE_KEY]: secret(PLAYBACK_PRIVATE_KEY) },
  // The data schema names it (handler and allow.resource): it must live in the data stack's group.
  resourceGroupName: 'data',
});
