/**
 * The channel operations behind the `createChannel` mutation and the `streamKey` query:
 * the AppSync event parsed into one typed operation, then run against IVS and the data API
 * (both injected: the real IvsClient in Lambda, the IVS stand-in on the local stack).
 */
import {
  CreateChannelCommand,
  GetChannelCommand,
  GetStreamKeyCommand,
  ListStreamKeysCommand,
  type CreateChannelCommandOutput,
  type GetChannelCommandOutput,
  type GetStreamKeyCommandOutput,
  type ListStreamKeysCommandOutput,
} from '@aws-sdk/client-ivs';
import { parseChannelArn } from '../recording-engine/channel-arn';
import type { DataClient } from '../records-store/amplify-records-store';
import { ensureProfile, profilesOwnedBy, sameOwner } from '../records-store/profile-directory';
import { findProfileByChannelArn } from '../records-store/profile-lookup';
import { parseRetentionDays, RetentionDaysError } from '../retention/retention-settings';
import { ownerValueFor } from '../user-directory/owner-value';
import { userPoolCaller, type UserPoolCaller } from '../user-directory/user-pool-caller';
import type { ChannelSettings } from './channel-settings';

/** The IVS calls the channel operations make, as IvsClient answers them. */
export type ChannelIvsClient = {
  send(command: CreateChannelCommand): Promise<CreateChannelCommandOutput>;
  send(command: GetChannelCommand): Promise<GetChannelCommandOutput>;
  send(command: ListStreamKeysCommand): Promise<ListStreamKeysCommandOutput>;
  send(command: GetStreamKeyCommand): Promise<GetStreamKeyCommandOutput>;
};

/** Tags of a created channel naming its owner (the IAM policy requires exactly these). */
export const CHANNEL_OWNER_TAGS = { sub: 'owner-sub', username: 'owner-username' } as const;

/** A request that can never succeed as sent (bad input, over the limit, not the caller's): never retried. */
export class ChannelRequestError extends Error {
  override readonly name = 'ChannelRequestError';
}

/** The message a caller who may not see a channel gets, whether or not the channel exists. */
export const unauthorizedMessage = (channelArn: string) => `Unauthorized: ${channelArn} is not a channel of yours`;

export type ChannelCaller = UserPoolCaller;

export type ChannelOperation =
  /** retentionDays: null for the backend default. */
  | { kind: 'createChannel'; caller: ChannelCaller; name: string; retentionDays: number | null }
  | { kind: 'streamKey'; caller: ChannelCaller; channelArn: string };

/** What AppSync hands a function data source (the parts used here). */
export type ChannelOperationEvent = { fieldName?: unknown; arguments?: unknown; identity?: unknown };

export type Channel = {
  channelArn: string;
  channelName: string;
  ingestEndpoint: string;
  playbackUrl: string;
  profileId: string;
};

export type ChannelStreamKey = { channelArn: string; ingestEndpoint: string; streamKey: string };

// IVS's rule for channel names.
const CHANNEL_NAME = /^[a-zA-Z0-9_-]{1,128}$/;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** A user pool caller (`sub`, `username`); any other identity is refused. */
const callerOf = (identity: unknown): ChannelCaller => {
  const caller = userPoolCaller(identity);
  if (!caller) throw new ChannelRequestError('Unauthorized: channels belong to signed-in users only');
  return caller;
};

/** The event as one operation, or a ChannelRequestError saying what is wrong with it. */
export const parseChannelOperation = (event: ChannelOperationEvent): ChannelOperation => {
  const caller = callerOf(event.identity);
  const args = (event.arguments ?? {}) as Record<string, unknown>;
  switch (event.fieldName) {
    case 'createChannel': {
      const name = text(args.name)?.trim() ?? `channel-${caller.sub.replaceAll('-', '').slice(0, 12)}`;
      if (!CHANNEL_NAME.test(name)) {
        throw new ChannelRequestError(`the channel name must be 1-128 of a-z A-Z 0-9 - _, got "${name}"`);
      }
      let retentionDays: number | null;
      try {
        retentionDays = parseRetentionDays(args.retentionDays);
      } catch (error) {
        if (error instanceof RetentionDaysError) throw new ChannelRequestError(error.message);
        throw error;
      }
      return { kind: 'createChannel', caller, name, retentionDays };
    }
    case 'streamKey': {
      const channelArn = text(args.channelArn) ?? '';
      if (!parseChannelArn(channelArn)) {
        throw new ChannelRequestError(`"${channelArn}" is not an IVS channel ARN`);
      }
      return { kind: 'streamKey', caller, channelArn };
    }
    default:
      throw new ChannelRequestError(`the channel function does not answer ${String(event.fieldName)}`);
  }
};

export type ChannelOperationDeps = { ivs: ChannelIvsClient; client: DataClient; settings: ChannelSettings };

const errorName = (error: unknown): string => (error as { name?: string } | null)?.name ?? '';

const createChannel = async (
  { ivs, client, settings }: ChannelOperationDeps,
  { caller, name, retentionDays }: Extract<ChannelOperation, { kind: 'createChannel' }>,
): Promise<Channel> => {
  const limit = settings.maxChannelsPerUser;
  if (limit === 0) throw new ChannelRequestError('creating channels is turned off for this backend');
  const owned = await profilesOwnedBy(client, caller, limit);
  if (owned.length >= limit) {
    throw new ChannelRequestError(
      `channel limit reached: you have ${owned.length} channel${owned.length === 1 ? '' : 's'}, and each user may have ${limit}`,
    );
  }
  const { channel } = await ivs.send(
    new CreateChannelCommand({
      name,
      recordingConfigurationArn: settings.recordingConfigurationArn,
      tags: { [CHANNEL_OWNER_TAGS.sub]: caller.sub, [CHANNEL_OWNER_TAGS.username]: caller.username },
    }),
  );
  if (!channel?.arn || !channel.ingestEndpoint || !channel.playbackUrl) {
    throw new Error(`CreateChannel answered without a channel ARN, ingest endpoint or playback URL`);
  }
  let profileId: string;
  try {
    const profile = await ensureProfile(client, {
      channelArn: channel.arn,
      channelName: channel.name ?? name,
      owner: ownerValueFor(caller),
      ...(retentionDays !== null ? { retentionDays } : {}),
    });
    profileId = profile.id;
  } catch (error) {
    // The channel exists: say which, so an administrator can register it (scripts/create-profile.ts).
    throw new Error(`the channel ${channel.arn} was created but its Profile was not: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return {
    channelArn: channel.arn,
    channelName: channel.name ?? name,
    ingestEndpoint: channel.ingestEndpoint,
    playbackUrl: channel.playbackUrl,
    profileId,
  };
};

const streamKey = async (
  { ivs, client }: ChannelOperationDeps,
  { caller, channelArn }: Extract<ChannelOperation, { kind: 'streamKey' }>,
): Promise<ChannelStreamKey> => {
  const profile = await findProfileByChannelArn(client, channelArn);
  // The same answer whether the channel has no profile or another owner's: nothing leaks.
  if (!profile || !sameOwner(profile.owner, ownerValueFor(caller))) {
    throw new ChannelRequestError(unauthorizedMessage(channelArn));
  }
  try {
    const { channel } = await ivs.send(new GetChannelCommand({ arn: channelArn }));
    const { streamKeys } = await ivs.send(new ListStreamKeysCommand({ channelArn }));
    const keyArn = streamKeys?.[0]?.arn;
    if (!keyArn) throw new ChannelRequestError(`${channelArn} has no stream key`);
    const { streamKey: key } = await ivs.send(new GetStreamKeyCommand({ arn: keyArn }));
    if (!channel?.ingestEndpoint || !key?.value) {
      throw new Error(`IVS answered without the ingest endpoint or the stream key of ${channelArn}`);
    }
    return { channelArn, ingestEndpoint: channel.ingestEndpoint, streamKey: key.value };
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') {
      throw new ChannelRequestError(`${channelArn} no longer exists in IVS`);
    }
    throw error;
  }
};

/** Runs one AppSync invocation: the created channel, or the stream key. */
export const runChannelOperation = async (
  deps: ChannelOperationDeps,
  event: ChannelOperationEvent,
): Promise<Channel | ChannelStreamKey> => {
  const operation = parseChannelOperation(event);
  switch (operation.kind) {
    case 'createChannel':
      return createChannel(deps, operation);
    case 'streamKey':
      return streamKey(deps, operation);
  }
};
