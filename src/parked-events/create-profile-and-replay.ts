/**
 * The project's own way to give a channel its Profile: ensureProfile, then at once the
 * replay of the events the channel had parked while it had none. Used by create-profile
 * and the local stack's demo profile; reconciliation replays whatever this misses (a
 * failed replay, an event parked while the profile was being created).
 */
import type { EventLogger } from '../event-processing/observability';
import { AmplifyRecordsStore, type DataClient } from '../records-store/amplify-records-store';
import { ensureProfile, type EnsuredProfile, type ProfileInput } from '../records-store/profile-directory';
import { replayParkedEvents, type ReplayCounts } from './replay-parked-events';

export type ProfileWithReplay = { profile: EnsuredProfile; replay: ReplayCounts };

export const createProfileAndReplay = async (
  client: DataClient,
  input: ProfileInput,
  options: { logger: EventLogger; now?: () => number },
): Promise<ProfileWithReplay> => {
  const profile = await ensureProfile(client, input);
  const replay = await replayParkedEvents(profile.channelArn, {
    store: new AmplifyRecordsStore(client),
    logger: options.logger,
    now: options.now ?? Date.now,
  });
  return { profile, replay };
};
