import type { StatsRecording } from '../recording-stats/recording-stats';
import type { DataClient } from './amplify-records-store';
import { allPages } from './paging';

/** The fields the stats read, and nothing else (a smaller page: more recordings per request). */
export const STATS_SELECTION = [
  'id',
  'recordingStatus',
  'recordingStatusReason',
  'recordingDurationMs',
  'startTime',
  'endTime',
  'streamIds',
  'deletedAt',
] as const;

/**
 * Items a page asks for: DynamoDB still stops a page at 1 MB, and these items are small
 * (about 300 bytes), so a page holds them all; Amplify's default (100) would cost 10 times the requests.
 */
export const STATS_PAGE_SIZE = 1000;

/**
 * The recordings whose owner field is exactly `owner` with `from <= recordedAt <= to`: one
 * query on the owner + recordedAt index (`recordingsByOwnerAndRecordedAt`), every page. It
 * reads the owner's range only, never the table: its cost grows with what it returns.
 * (`between` includes `to`; the stats leave a recording at exactly `to` out.)
 * A failure is a RetryableError.
 */
export const ownerRecordingsInRange = async (
  client: DataClient,
  owner: string,
  range: { from: string; to: string },
  pageSize = STATS_PAGE_SIZE,
): Promise<StatsRecording[]> => {
  const rows = await allPages('recordingsByOwnerAndRecordedAt', (nextToken) =>
    client.models.Recording.recordingsByOwnerAndRecordedAt(
      { owner, recordedAt: { between: [range.from, range.to] } },
      { selectionSet: STATS_SELECTION, limit: pageSize, nextToken },
    ),
  );
  return rows.map(statsRecordingOf);
};

/** A Recording as the data API returns the stats' fields (absent values null or missing). */
export type StatsRow = Pick<StatsRecording, 'id' | 'recordingStatus'> & {
  recordingStatusReason?: string | null;
  recordingDurationMs?: number | null;
  startTime?: string | null;
  endTime?: string | null;
  streamIds?: (string | null)[] | null;
  deletedAt?: string | null;
};

export const statsRecordingOf = (r: StatsRow): StatsRecording => ({
  id: r.id,
  recordingStatus: r.recordingStatus,
  recordingStatusReason: r.recordingStatusReason ?? null,
  recordingDurationMs: r.recordingDurationMs ?? null,
  startTime: r.startTime ?? null,
  endTime: r.endTime ?? null,
  streamIds: (r.streamIds ?? []).filter((id): id is string => typeof id === 'string'),
  deletedAt: r.deletedAt ?? null,
});
