import { parseChannelArn } from '../recording-engine/channel-arn';
import type { DataClient } from './amplify-records-store';
import { retryableDataError } from './data-errors';
import { findProfileByChannelArn } from './profile-lookup';

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
  const found = await findProfileByChannelArn(client, input.channelArn);
  if (found) return { id: found.id, channelArn: found.channelArn, owner: found.owner, created: false };
  let created;
  try {
    created = await client.models.Profile.create({
      channelArn: input.channelArn,
      channelName: input.channelName ?? null,
      owner: input.owner ?? null,
    });
  } catch (error) {
    throw retryableDataError('createProfile', error);
  }
  if (created.errors?.length || !created.data) throw retryableDataError('createProfile', created);
  return { id: created.data.id, channelArn: created.data.channelArn, owner: created.data.owner ?? null, created: true };
};
