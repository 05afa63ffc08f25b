/**
 * The project's own way to give a channel its Profile: ensureProfile, then at once the
 * replay of the events the channel had parked while it had none. Used by create-profile
 * and the local stack's demo profile; reconciliation replays whatever this misses (a
 * failed replay, an event parked while the profile was being created).
 */
import type { EventLogger } from '../event-processing/observability';
import { AmplifyRecordsStore, type DataClient } from '../records-store/amplify-records-store';
import { ensureProfile, type EnsuredProfile, type ProfileInput } from '../records-store/profile-directory';
import { settleLifecycleEvents } from '../lifecycle-events/lifecycle-outbox';
import type { LifecyclePublisher } from '../lifecycle-events/put-events-publisher';
import { replayParkedEvents, type ReplayCounts } from './replay-parked-events';

export type ProfileWithReplay = { profile: EnsuredProfile; replay: ReplayCounts };

export const createProfileAndReplay = async (
  client: DataClient,
  input: ProfileInput,
  options: {
    logger: EventLogger;
    now?: () => number;
    /** The lifecycle events of the replayed recordings (src/lifecycle-events); absent: none. */
    publishLifecycleEvents?: LifecyclePublisher;
  },
): Promise<ProfileWithReplay> => {
  const profile = await ensureProfile(client, input);
  const store = new AmplifyRecordsStore(client);
  const publish = options.publishLifecycleEvents;
  const replay = await replayParkedEvents(profile.channelArn, {
    store,
    logger: options.logger,
    now: options.now ?? Date.now,
    ...(publish
      ? {
          settleLifecycleEvents: (recording: { id: string; streamSessionId: string }) =>
            settleLifecycleEvents(recording, { store, publish, logger: options.logger }),
        }
      : {}),
  });
  return { profile, replay };
};
