import { parseChannelArn, profileIdFor } from '../recording-engine/channel-arn';
import type { DataClient } from './amplify-records-store';
import { retryableDataError } from './data-errors';

export type FoundProfile = {
  id: string;
  owner: string | null;
  channelArn: string;
  channelName: string | null;
  /** Days its recordings are kept; null: the backend's default. */
  retentionDays: number | null;
};

/**
 * The profile of a channel by key: its id is derived from the channel ARN
 * (`profileIdFor`), so this is one get, never a query or a scan. Null for a text that
 * is not a channel ARN. A failure is a RetryableError.
 */
export const findProfileByChannelArn = async (client: DataClient, channelArn: string): Promise<FoundProfile | null> => {
  if (parseChannelArn(channelArn) === null) return null;
  let result;
  try {
    result = await client.models.Profile.get(
      { id: profileIdFor(channelArn) },
      { selectionSet: ['id', 'owner', 'channelArn', 'channelName', 'retentionDays'] },
    );
  } catch (error) {
    throw retryableDataError('getProfile', error);
  }
  if (result.errors?.length) throw retryableDataError('getProfile', result);
  const profile = result.data;
  return profile
    ? {
        id: profile.id,
        owner: profile.owner ?? null,
        channelArn: profile.channelArn,
        channelName: profile.channelName ?? null,
        retentionDays: profile.retentionDays ?? null,
      }
    : null;
};
