import type { DataClient } from './amplify-records-store';
import { retryableDataError } from './data-errors';
import { oldestProfile } from './oldest-profile';

export type FoundProfile = { id: string; owner: string | null; channelArn: string; channelName: string | null };

/**
 * The profile of a channel through the channelArn index (a query, never a scan), the
 * oldest if an admin created two. A failure is a RetryableError.
 */
export const findProfileByChannelArn = async (client: DataClient, channelArn: string): Promise<FoundProfile | null> => {
  let result;
  try {
    result = await client.models.Profile.profilesByChannelArn(
      { channelArn },
      { selectionSet: ['id', 'owner', 'channelArn', 'channelName', 'createdAt'] },
    );
  } catch (error) {
    throw retryableDataError('profilesByChannelArn', error);
  }
  if (result.errors?.length) throw retryableDataError('profilesByChannelArn', result);
  const profile = oldestProfile(result.data);
  return profile
    ? {
        id: profile.id,
        owner: profile.owner ?? null,
        channelArn: profile.channelArn,
        channelName: profile.channelName ?? null,
      }
    : null;
};
