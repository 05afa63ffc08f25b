import type { DataClient } from '../records-store/amplify-records-store';

export type RecordingRow = {
  id: string;
  recordingStatus: string | null;
  recordingStatusReason: string | null;
  recordingDurationMs: number | null;
  startTime: string | null;
  endTime: string | null;
  s3KeyPrefix: string | null;
  streamSessionId: string;
  recordingSessionId: string;
};
export type StreamSessionRow = { id: string; status: string | null; startTime: string | null; endTime: string | null; duration: number | null };

export type ChannelRecordings = {
  profileId: string;
  channelArn: string;
  streamSessions: StreamSessionRow[];
  recordings: RecordingRow[];
};

const fail = (operation: string, errors: ReadonlyArray<{ message: string }>) =>
  new Error(`${operation} failed: ${errors.map((e) => e.message).join('; ')}`);

/** Every page of an index query: a frontend must follow nextToken to see every match. */
const allPages = async <T>(
  page: (nextToken: string | null | undefined) => Promise<{ data: T[]; nextToken?: string | null; errors?: ReadonlyArray<{ message: string }> }>,
  operation: string,
): Promise<T[]> => {
  const items: T[] = [];
  let nextToken: string | null | undefined;
  do {
    const result = await page(nextToken);
    if (result.errors?.length) throw fail(operation, result.errors);
    items.push(...result.data);
    nextToken = result.nextToken;
  } while (nextToken);
  return items;
};

/**
 * What a frontend shows for a channel, read the cheap way: the profile through the
 * channelArn index, its sessions and recordings through the profileId indexes
 * (queries, never scans), every page.
 */
export const channelRecordings = async (client: DataClient, channelArn: string): Promise<ChannelRecordings | null> => {
  const profiles = await client.models.Profile.profilesByChannelArn({ channelArn });
  if (profiles.errors?.length) throw fail('profilesByChannelArn', profiles.errors);
  const [profile] = [...profiles.data].sort((a, b) => a.id.localeCompare(b.id));
  if (!profile) return null;
  // Not profile.streamSessions() / profile.recordings(): Amplify's lazy loaders list with a filter (a scan).
  const streamSessions = await allPages(
    (nextToken) => client.models.StreamSession.streamSessionsByProfileId({ profileId: profile.id }, { nextToken }),
    'streamSessionsByProfileId',
  );
  const recordings = await allPages(
    (nextToken) => client.models.Recording.recordingsByProfileId({ profileId: profile.id }, { nextToken }),
    'recordingsByProfileId',
  );
  const byStart = (a: { startTime: string | null }, b: { startTime: string | null }) =>
    (a.startTime ?? '').localeCompare(b.startTime ?? '');
  return {
    profileId: profile.id,
    channelArn,
    streamSessions: streamSessions.map((s) => ({ id: s.id, status: s.status, startTime: s.startTime ?? null, endTime: s.endTime ?? null, duration: s.duration ?? null })).sort(byStart),
    recordings: recordings.map((r) => ({ id: r.id, streamSessionId: r.streamSessionId, recordingSessionId: r.recordingSessionId, recordingStatus: r.recordingStatus ?? null, recordingStatusReason: r.recordingStatusReason ?? null, recordingDurationMs: r.recordingDurationMs ?? null, startTime: r.startTime ?? null, endTime: r.endTime ?? null, s3KeyPrefix: r.s3KeyPrefix ?? null })).sort(byStart),
  };
};
