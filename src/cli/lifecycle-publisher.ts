import { putEventsPublisher, type LifecyclePublisher } from '../lifecycle-events/put-events-publisher';
import { LOCAL_HOST, LOCAL_PORTS } from '../local/stack/local-endpoints';

/**
 * Where a script that writes Recordings (`npm run reconcile`, `create-profile`'s replay)
 * publishes their lifecycle events, as the deployed functions do: the local stack's bus (any credentials), or the account's default
 * bus with the SDK's default credential chain (resolved once: a run is short).
 */
export const scriptLifecyclePublisher = async (options: {
  local: boolean;
  region: string;
  /** Local only: the stack's PutEvents endpoint. */
  eventsEndpoint?: string;
}): Promise<LifecyclePublisher> => {
  if (options.local) {
    return putEventsPublisher({
      eventBusName: 'default',
      region: options.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      endpoint: options.eventsEndpoint ?? `http://${LOCAL_HOST}:${LOCAL_PORTS.events.default}`,
    });
  }
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  const { accessKeyId, secretAccessKey, sessionToken } = await fromNodeProviderChain()();
  return putEventsPublisher({
    eventBusName: 'default',
    region: options.region,
    credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
  });
};
