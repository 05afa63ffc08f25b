import { generateClient } from 'aws-amplify/data';
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import type { Schema } from '../../amplify/data/resource';
import { emptyFeed, pendingPages, type Feed, type Page } from './record-feed';
import {
  initialRecordsState,
  recordsReducer,
  type Action,
  type ProfileRow,
  type RecordingRow,
  type SessionRow,
} from './records-state';

/** Rows per index query page: small enough that "Load more" shows on a busy channel. */
export const PAGE_SIZE = 20;

// Explicit selection sets: the columns the page shows and what the feed orders by, no relations.
const PROFILE_FIELDS = ['id', 'channelArn', 'channelName'] as const;
const SESSION_FIELDS = ['id', 'profileId', 'streamId', 'status', 'statusReason', 'startTime', 'endTime', 'duration', 'createdAt', 'version'] as const;
const RECORDING_FIELDS = [
  'id',
  'profileId',
  'streamSessionId',
  'recordingSessionId',
  'recordingStatus',
  'recordingStatusReason',
  'recordingDurationMs',
  'streamIds',
  'startTime',
  'endTime',
  'createdAt',
  'version',
] as const;

type Client = ReturnType<typeof generateClient<Schema>>;

type Result<T> = { data: T[]; nextToken?: string | null; errors?: ReadonlyArray<{ message: string }> };

const failed = (operation: string, errors: ReadonlyArray<{ message: string }>) =>
  new Error(`${operation}: ${errors.map((e) => e.message).join('; ')}`);

const page = <T,>(operation: string, result: Result<T>): Page<T> => {
  if (result.errors?.length) throw failed(operation, result.errors);
  return { items: result.data, nextToken: result.nextToken ?? null };
};

/**
 * The user's profiles. Profile has no owner index, so this is the owner-scoped list (a
 * scan filtered by owner): a user has few profiles, and every page is followed, since a
 * filtered page can come back empty with more behind it.
 */
const loadProfiles = async (client: Client): Promise<ProfileRow[]> => {
  const profiles: ProfileRow[] = [];
  let nextToken: string | null = null;
  do {
    const result: Page<ProfileRow> = page(
      'Profile.list',
      await client.models.Profile.list({ selectionSet: PROFILE_FIELDS, ...(nextToken ? { nextToken } : {}) }),
    );
    profiles.push(...result.items);
    nextToken = result.nextToken ?? null;
  } while (nextToken);
  return profiles;
};

const message = (error: unknown): string => {
  if (error instanceof Error) return error.message;
  const errors = (error as { errors?: ReadonlyArray<{ message?: string }> } | null)?.errors;
  if (errors?.length) return errors.map((e) => e.message ?? 'unknown error').join('; ');
  return String(error);
};

/**
 * The signed-in user's stream sessions and recordings: pages of the profileId index
 * queries (never a list with a filter), merged with the creates and updates that arrive
 * by subscription (the server filters them by owner).
 */
export const useRecords = () => {
  const client = useMemo(() => generateClient<Schema>(), []);
  const [state, dispatch] = useReducer(recordsReducer, initialRecordsState);

  // Each page is asked once, even when "Load more" is pressed twice or a profile arrives mid-load.
  const requested = useRef(new Set<string>());
  const loadPages = useCallback(
    (sessions: Feed<SessionRow>, recordings: Feed<RecordingRow>, which: 'first' | 'all') => {
      const once = (kind: string, profileId: string, nextToken: string | null) => {
        if (which === 'first' && nextToken !== null) return false;
        const key = `${kind} ${profileId} ${nextToken ?? ''}`;
        if (requested.current.has(key)) return false;
        requested.current.add(key);
        return true;
      };
      const load = async (fetchPage: () => Promise<Action>) => {
        dispatch({ type: 'loadStart' });
        try {
          dispatch(await fetchPage());
        } catch (error) {
          dispatch({ type: 'error', message: message(error) });
        } finally {
          dispatch({ type: 'loadEnd' });
        }
      };
      for (const { profileId, nextToken } of pendingPages(sessions)) {
        if (!once('sessions', profileId, nextToken)) continue;
        void load(async () => {
          const result = await client.models.StreamSession.streamSessionsByProfileId(
            { profileId },
            { limit: PAGE_SIZE, selectionSet: SESSION_FIELDS, ...(nextToken ? { nextToken } : {}) },
          );
          return { type: 'sessionsPage', profileId, page: page('streamSessionsByProfileId', result) };
        });
      }
      for (const { profileId, nextToken } of pendingPages(recordings)) {
        if (!once('recordings', profileId, nextToken)) continue;
        void load(async () => {
          const result = await client.models.Recording.recordingsByProfileId(
            { profileId },
            { limit: PAGE_SIZE, selectionSet: RECORDING_FIELDS, ...(nextToken ? { nextToken } : {}) },
          );
          return { type: 'recordingsPage', profileId, page: page('recordingsByProfileId', result) };
        });
      }
    },
    [client],
  );

  // Subscribe first, then read: a change made while the first pages load is not missed
  // (the feed keeps the newest version of each record whichever way it came).
  useEffect(() => {
    const live = (what: string) => (error: unknown) =>
      dispatch({ type: 'liveError', message: `${what}: ${message(error)}` });
    const subscriptions = [
      client.models.Profile.onCreate({ selectionSet: PROFILE_FIELDS }).subscribe({
        next: (profile) => dispatch({ type: 'profileCreated', profile }),
        error: live('Profile.onCreate'),
      }),
      ...(['onCreate', 'onUpdate'] as const).flatMap((operation) => [
        client.models.StreamSession[operation]({ selectionSet: SESSION_FIELDS }).subscribe({
          next: (row) => dispatch({ type: 'session', row }),
          error: live(`StreamSession.${operation}`),
        }),
        client.models.Recording[operation]({ selectionSet: RECORDING_FIELDS }).subscribe({
          next: (row) => dispatch({ type: 'recording', row }),
          error: live(`Recording.${operation}`),
        }),
      ]),
    ];
    let cancelled = false;
    loadProfiles(client).then(
      (profiles) => {
        if (!cancelled) dispatch({ type: 'profiles', profiles });
      },
      (error: unknown) => {
        if (!cancelled) dispatch({ type: 'error', message: message(error) });
      },
    );
    return () => {
      cancelled = true;
      for (const subscription of subscriptions) subscription.unsubscribe();
    };
  }, [client]);

  // A profile's first pages load as soon as the profile is known (at start, or created later).
  useEffect(() => loadPages(state.sessions, state.recordings, 'first'), [state.profiles, loadPages]);

  const loadMoreSessions = useCallback(() => loadPages(state.sessions, emptyFeed(), 'all'), [loadPages, state.sessions]);
  const loadMoreRecordings = useCallback(() => loadPages(emptyFeed(), state.recordings, 'all'), [loadPages, state.recordings]);

  return { state, loadMoreSessions, loadMoreRecordings };
};
