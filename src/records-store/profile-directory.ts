import { parseChannelArn, profileIdFor } from '../recording-engine/channel-arn';
import type { DataClient } from './amplify-records-store';
import { isConditionalCheckFailure, retryableDataError } from './data-errors';
import { allPages } from './paging';
import { findProfileByChannelArn } from './profile-lookup';
import { ownerForms, sameOwner } from '../user-directory/owner-value';

export type ProfileInput = {
  channelArn: string;
  channelName?: string;
  /** The Cognito user who owns it: their username or sub (the owner rule accepts either). */
  owner?: string;
  /** Days its recordings are kept (absent: the backend default); an existing profile's is updated to it. */
  retentionDays?: number;
};

export type EnsuredProfile = {
  id: string;
  channelArn: string;
  owner: string | null;
  retentionDays: number | null;
  created: boolean;
};

/** Thrown for input that can never make a valid profile. */
export class ProfileInputError extends Error {
  override readonly name = 'ProfileInputError';
}

/** The owner rule's names of one user (sub, username or `<sub>::<username>`): see owner-value. */
export { sameOwner } from '../user-directory/owner-value';

/** A profile exists for the channel with another owner than asked: never silently ignored. */
export class ProfileOwnerError extends Error {
  override readonly name = 'ProfileOwnerError';
  constructor(
    readonly channelArn: string,
    readonly currentOwner: string | null,
    readonly requestedOwner: string,
  ) {
    super(
      `the profile of ${channelArn} is owned by ${currentOwner ?? 'nobody'}, not ${requestedOwner}: nothing changed`,
    );
  }
}

/**
 * The profile of a channel, created if the channel has none. Its id is derived from the
 * channel ARN (`profileIdFor`) and the create is conditional (the resolver refuses an
 * existing id), so concurrent runs make one profile: the others find it. A different
 * owner than the existing profile's is a ProfileOwnerError.
 */
export const ensureProfile = async (client: DataClient, input: ProfileInput): Promise<EnsuredProfile> => {
  if (!parseChannelArn(input.channelArn)) {
    throw new ProfileInputError(
      `"${input.channelArn}" is not an IVS channel ARN (arn:aws:ivs:<region>:<account>:channel/<id>)`,
    );
  }
  const existing = async (): Promise<EnsuredProfile | null> => {
    const found = await findProfileByChannelArn(client, input.channelArn);
    if (!found) return null;
    if (input.owner !== undefined && !sameOwner(found.owner, input.owner))
      throw new ProfileOwnerError(input.channelArn, found.owner, input.owner);
    const retentionDays = await retentionAsAsked(client, found, input.retentionDays);
    return { id: found.id, channelArn: found.channelArn, owner: found.owner, retentionDays, created: false };
  };
  const found = await existing();
  if (found) return found;
  let created;
  try {
    created = await client.models.Profile.create({
      id: profileIdFor(input.channelArn),
      channelArn: input.channelArn,
      channelName: input.channelName ?? null,
      // No owner is left out, not sent as null: owner keys the profilesByOwner index, and
      // DynamoDB refuses a null index key (a missing one leaves the profile out of the index).
      ...(input.owner !== undefined ? { owner: input.owner } : {}),
      ...(input.retentionDays !== undefined ? { retentionDays: input.retentionDays } : {}),
    });
  } catch (error) {
    if (!isConditionalCheckFailure(error)) throw retryableDataError('createProfile', error);
  }
  if (created && !created.errors?.length && created.data) {
    return {
      id: created.data.id,
      channelArn: created.data.channelArn,
      owner: created.data.owner ?? null,
      retentionDays: created.data.retentionDays ?? null,
      created: true,
    };
  }
  if (created && !isConditionalCheckFailure(created)) throw retryableDataError('createProfile', created);
  // Another run created it in between: that one is the profile.
  const raced = await existing();
  if (!raced)
    throw retryableDataError(
      'createProfile',
      created ?? new Error('the profile was created concurrently, then not found'),
    );
  return raced;
};

/** An existing profile's retention period, set to the one asked when it differs (one update). */
const retentionAsAsked = async (
  client: DataClient,
  found: { id: string; retentionDays: number | null },
  asked: number | undefined,
): Promise<number | null> => {
  if (asked === undefined || asked === found.retentionDays) return found.retentionDays;
  let updated;
  try {
    updated = await client.models.Profile.update({ id: found.id, retentionDays: asked }, { selectionSet: ['id'] });
  } catch (error) {
    throw retryableDataError('updateProfile', error);
  }
  if (updated.errors?.length) throw retryableDataError('updateProfile', updated);
  return asked;
};

/**
 * The profiles a user owns, by the owner index (a query per form the owner field may hold:
 * `<sub>::<username>`, `<sub>`, `<username>`; never a scan), up to `limit` of them.
 */
export const profilesOwnedBy = async (
  client: DataClient,
  user: { sub: string; username: string },
  limit: number,
): Promise<string[]> => {
  const ids = new Set<string>();
  for (const owner of ownerForms(user)) {
    if (ids.size >= limit) break;
    const found = await allPages(
      'profilesByOwner',
      (nextToken) => client.models.Profile.profilesByOwner({ owner }, { selectionSet: ['id'], nextToken }),
      limit,
    );
    for (const profile of found) ids.add(profile.id);
  }
  return [...ids].slice(0, limit);
};
