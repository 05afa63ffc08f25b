import type { DataClient } from './amplify-records-store';
import { allPages } from './paging';
import { findProfileByChannelArn } from './profile-lookup';

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
export type StreamSessionRow = {
  id: string;
  status: string | null;
  startTime: string | null;
  endTime: string | null;
  duration: number | null;
};

export type ChannelRecordings = {
  profileId: string;
  channelArn: string;
  streamSessions: StreamSessionRow[];
  recordings: RecordingRow[];
};

/**
 * What a frontend shows for a channel, read the cheap way: the profile by key (its id is
 * derived from the channel ARN), its sessions and recordings through the profileId indexes
 * (queries, never scans), every page.
 */
export const channelRecordings = async (client: DataClient, channelArn: string): Promise<ChannelRecordings | null> => {
  const profile = await findProfileByChannelArn(client, channelArn);
  if (!profile) return null;
  // Not profile.streamSessions() / profile.recordings(): Amplify's lazy loaders list with a filter (a scan).
  const streamSessions = await allPages('streamSessionsByProfileId', (nextToken) =>
    client.models.StreamSession.streamSessionsByProfileId({ profileId: profile.id }, { nextToken }),
  );
  const recordings = await allPages('recordingsByProfileId', (nextToken) =>
    client.models.Recording.recordingsByProfileId({ profileId: profile.id }, { nextToken }),
  );
  // ISO-8601 times in UTC order by code units; no locale.
  const byStart = (a: { startTime: string | null }, b: { startTime: string | null }) => {
    const [x, y] = [a.startTime ?? '', b.startTime ?? ''];
    return x < y ? -1 : x > y ? 1 : 0;
  };
  return {
    profileId: profile.id,
    channelArn,
    streamSessions: streamSessions
      .map((s) => ({
        id: s.id,
        status: s.status,
        startTime: s.startTime ?? null,
        endTime: s.endTime ?? null,
        duration: s.duration ?? null,
      }))
      .sort(byStart),
    recordings: recordings
      .map((r) => ({
        id: r.id,
        streamSessionId: r.streamSessionId,
        recordingSessionId: r.recordingSessionId,
        recordingStatus: r.recordingStatus ?? null,
        recordingStatusReason: r.recordingStatusReason ?? null,
        recordingDurationMs: r.recordingDurationMs ?? null,
        startTime: r.startTime ?? null,
        endTime: r.endTime ?? null,
        s3KeyPrefix: r.s3KeyPrefix ?? null,
      }))
      .sort(byStart),
  };
};
