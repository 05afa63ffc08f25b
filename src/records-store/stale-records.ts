/**
 * The records reconciliation looks at: Recordings still STARTED and StreamSessions
 * still LIVE that began before a cutoff, every LIVE session with no start time (known
 * only from recording events: its age is unknown, and IVS can tell its times at once),
 * and the final records lost events left incomplete (the sparse `incompleteOn` index).
 * A query of the status index's STARTED (LIVE) partition, which holds only what is live
 * now or stuck, filtered on startTime; never a scan. Paged (a filtered page may be short
 * or empty: paging goes on to the end).
 */
import type { DataClient } from './amplify-records-store';
import { allPages, type Page } from './paging';
import { RECORDING_SELECTION_SET, recordingStateFrom, streamSessionStateFrom } from './stored-state';
import { STREAM_SESSION_FIELDS, type RecordingState, type StreamSessionState } from '../recording-engine/records';

export type StaleRecords = {
  /** At most `limit`. */
  startedRecordings(startedBefore: string, limit: number): Promise<RecordingState[]>;
  liveStreamSessions(startedBefore: string, limit: number): Promise<StreamSessionState[]>;
  /**
   * Final records lost events left incomplete, last written on one of `days` (UTC
   * `YYYY-MM-DD`): one query of the sparse `incompleteOn` index per day. At most `limit`.
   */
  incompleteRecordings(days: readonly string[], limit: number): Promise<RecordingState[]>;
  incompleteStreamSessions(days: readonly string[], limit: number): Promise<StreamSessionState[]>;
};

const PAGE = 100;

/** No start time: the store never writes a null start time as a value (createStreamSession). */
const NO_START_TIME = [{ startTime: { attributeExists: false } }];

/** The index queries exist only if the client's model introspection has the status indexes. */
const requireIndexQueries = (client: DataClient): void => {
  const missing = [
    typeof client.models.Recording.recordingsByStatus === 'function' ? null : 'Recording.recordingsByStatus',
    typeof client.models.StreamSession.streamSessionsByStatus === 'function'
      ? null
      : 'StreamSession.streamSessionsByStatus',
    typeof client.models.Recording.recordingsIncompleteOn === 'function' ? null : 'Recording.recordingsIncompleteOn',
    typeof client.models.StreamSession.streamSessionsIncompleteOn === 'function'
      ? null
      : 'StreamSession.streamSessionsIncompleteOn',
  ].filter((m): m is string => m !== null);
  if (missing.length > 0) {
    throw new Error(
      `the data client has no ${missing.join(' or ')} query: amplify_outputs.json predates the status indexes ` +
        '(restart npm start, or run npx ampx generate outputs after deploying)',
    );
  }
};

/** Every page of one index query per day, newest day first, up to `limit` rows in all. */
const eachDay = async <T>(
  days: readonly string[],
  limit: number,
  operation: string,
  page: (day: string, nextToken: string | null) => Promise<Page<T>>,
): Promise<T[]> => {
  const found: T[] = [];
  for (const day of days) {
    if (found.length >= limit) break;
    found.push(...(await allPages(operation, (nextToken) => page(day, nextToken), limit - found.length)));
  }
  return found;
};

export const amplifyStaleRecords = (client: DataClient): StaleRecords => {
  requireIndexQueries(client);
  return {
    startedRecordings: async (startedBefore, limit) => {
      const rows = await allPages(
        'recordingsByStatus',
        (nextToken) =>
          client.models.Recording.recordingsByStatus(
            { recordingStatus: 'STARTED' },
            {
              filter: { startTime: { lt: startedBefore } },
              limit: PAGE,
              selectionSet: RECORDING_SELECTION_SET,
              ...(nextToken ? { nextToken } : {}),
            },
          ),
        limit,
      );
      return rows.map((row) => recordingStateFrom(row));
    },
    liveStreamSessions: async (startedBefore, limit) => {
      const rows = await allPages(
        'streamSessionsByStatus',
        (nextToken) =>
          client.models.StreamSession.streamSessionsByStatus(
            { status: 'LIVE' },
            {
              filter: { or: [{ startTime: { lt: startedBefore } }, ...NO_START_TIME] },
              limit: PAGE,
              selectionSet: [...STREAM_SESSION_FIELDS],
              ...(nextToken ? { nextToken } : {}),
            },
          ),
        limit,
      );
      return rows.map((row) => streamSessionStateFrom(row));
    },
    incompleteRecordings: async (days, limit) =>
      (
        await eachDay(days, limit, 'recordingsIncompleteOn', (incompleteOn, nextToken) =>
          client.models.Recording.recordingsIncompleteOn(
            { incompleteOn },
            { limit: PAGE, selectionSet: RECORDING_SELECTION_SET, ...(nextToken ? { nextToken } : {}) },
          ),
        )
      ).map((row) => recordingStateFrom(row)),
    incompleteStreamSessions: async (days, limit) =>
      (
        await eachDay(days, limit, 'streamSessionsIncompleteOn', (incompleteOn, nextToken) =>
          client.models.StreamSession.streamSessionsIncompleteOn(
            { incompleteOn },
            { limit: PAGE, selectionSet: [...STREAM_SESSION_FIELDS], ...(nextToken ? { nextToken } : {}) },
          ),
        )
      ).map((row) => streamSessionStateFrom(row)),
  };
};
