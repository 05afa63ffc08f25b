import { parseChannelArn } from '../recording-engine/channel-arn';
import type { DataClient } from '../records-store/amplify-records-store';

export type ProfileInput = {
  channelArn: string;
  channelName?: string;
  /** The Cognito user who owns it: their username or sub (the owner rule accepts either). */
  owner?: string;
};

export type EnsuredProfile = { id: string; channelArn: string; owner: string | null; created: boolean };

/** Thrown for input that can never make a valid profile. */
export class ProfileInputError extends Error {
  override readonly name = 'ProfileInputError';
}

const failure = (operation: string, errors: ReadonlyArray<{ message: string }>): Error =>
  new Error(`${operation} failed: ${errors.map((e) => e.message).join('; ')}`);

/**
 * The profile of a channel, created if the channel has none: running it twice
 * gives one profile. One channel, one profile: the handler finds it by ARN.
 */
export const ensureProfile = async (client: DataClient, input: ProfileInput): Promise<EnsuredProfile> => {
  if (!parseChannelArn(input.channelArn)) {
    throw new ProfileInputError(
      `"${input.channelArn}" is not an IVS channel ARN (arn:aws:ivs:<region>:<account>:channel/<id>)`,
    );
  }
  const existing = await client.models.Profile.profilesByChannelArn({ channelArn: input.channelArn });
  if (existing.errors?.length) throw failure('profilesByChannelArn', existing.errors);
  const [found] = [...existing.data].sort((a, b) => a.id.localeCompare(b.id));
  if (found) return { id: found.id, channelArn: found.channelArn, owner: found.owner ?? null, created: false };
  const created = await client.models.Profile.create({
    channelArn: input.channelArn,
    channelName: input.channelName ?? null,
    owner: input.owner ?? null,
  });
  if (created.errors?.length || !created.data) throw failure('createProfile', created.errors ?? []);
  return { id: created.data.id, channelArn: created.data.channelArn, owner: created.data.owner ?? null, created: true };
};
