/**
 * The floor of the cold-start ratio: what any handler of this function must do, and no
 * more. Bundled as defineFunction bundles the real handler (src/benchmark/function-bundling)
 * and given the same environment, it writes the event's StreamSession with one SigV4-signed
 * fetch to the data API: no Amplify client, no model schema, no logger, no read.
 */
import { signRequest } from '@aws-amplify/core/internals/aws-client-utils';
import type { EventBridgeEvent } from 'aws-lambda';
import { dataClientSettings } from '../src/event-processing/data-client-config';

const settings = dataClientSettings(process.env);

const CREATE_STREAM_SESSION = /* GraphQL */ `
  mutation CreateStreamSession($input: CreateStreamSessionInput!) {
    createStreamSession(input: $input) { id }
  }
`;

type StreamEvent = EventBridgeEvent<string, { stream_id: string }>;

export const handler = async (event: StreamEvent): Promise<{ outcome: 'written' }> => {
  const body = JSON.stringify({
    query: CREATE_STREAM_SESSION,
    variables: {
      input: {
        id: event.detail.stream_id,
        profileId: 'minimal-handler',
        channelArn: event.resources[0],
        streamId: event.detail.stream_id,
        status: 'LIVE',
        startTime: event.time,
        version: 1,
      },
    },
  });
  const url = new URL(settings.graphqlEndpoint);
  const signed = signRequest(
    { url, method: 'POST', headers: { 'content-type': 'application/json' }, body },
    {
      credentials: settings.credentials,
      signingDate: new Date(),
      signingRegion: settings.region,
      signingService: 'appsync',
    },
  );
  const response = await fetch(url, { method: 'POST', headers: signed.headers, body });
  const result = (await response.json()) as {
    data?: { createStreamSession?: { id: string } | null };
    errors?: { message: string }[];
  };
  if (!response.ok || result.errors || !result.data?.createStreamSession) {
    throw new Error(`createStreamSession failed (HTTP ${response.status}): ${JSON.stringify(result.errors ?? result)}`);
  }
  return { outcome: 'written' };
};
