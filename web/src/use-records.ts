import { generateClient } from 'aws-amplify/data';
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import type { Schema } from '../../amplify/data/resource';
import {
  applyLive,
  applyPage,
  emptyFeed,
  pendingPages,
  withProfiles,
  type Feed,
  type FeedRow,
  type Page,
} from './record-feed';

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
export type ProfileRow = { id: string; channelArn: string; channelName?: string | null };
export type SessionRow = FeedRow & {
  streamId: string;
  status?: string | null;
  statusReason?: string | null;
  duration?: number | null;
};
export type RecordingRow = FeedRow & {
  streamSessionId: string;
  recordingSessionId: string;
  recordingStatus?: string | null;
  recordingStatusReason?: string | null;
  recordingDurationMs?: number | null;
  streamIds?: ReadonlyArray<string | null> | null;
};

export type RecordsState = {
  /** null until the first list of profiles came back. */
  profiles: readonly ProfileRow[] | null;
  sessions: Feed<SessionRow>;
  recordings: Feed<RecordingRow>;
  /** Index query pages in flight. */
  loading: number;
  error: string | null;
  /** Why live updates are not arriving, when a subscription failed. */
  liveError: string | null;
};

type Action =
  | { type: 'profiles'; profiles: readonly ProfileRow[] }
  | { type: 'profileCreated'; profile: ProfileRow }
  | { type: 'sessionsPage'; profileId: string; page: Page<SessionRow> }
  | { type: 'recordingsPage'; profileId: string; page: Page<RecordingRow> }
  | { type: 'session'; row: SessionRow }
  | { type: 'recording'; row: RecordingRow }
  | { type: 'loadStart' }
  | { type: 'loadEnd' }
  | { type: 'error'; message: string }
  | { type: 'liveError'; message: string };

export const initialRecordsState: RecordsState = {
  profiles: null,
  sessions: emptyFeed(),
  recordings: emptyFeed(),
  loading: 0,
  error: null,
  liveError: null,
};

export const recordsReducer = (state: RecordsState, action: Action): RecordsState => {
  switch (action.type) {
    case 'profiles': {
      const ids = action.profiles.map((p) => p.id);
      return {
        ...state,
        profiles: action.profiles,
        sessions: withProfiles(state.sessions, ids),
        recordings: withProfiles(state.recordings, ids),
      };
    }
    case 'profileCreated': {
      const known = state.profiles ?? [];
      if (known.some((p) => p.id === action.profile.id)) return state;
      return recordsReducer(state, { type: 'profiles', profiles: [...known, action.profile] });
    }
    case 'sessionsPage':
      return { ...state, sessions: applyPage(state.sessions, action.profileId, action.page) };
    case 'recordingsPage':
      return { ...state, recordings: applyPage(state.recordings, action.profileId, action.page) };
    case 'session':
      return { ...state, sessions: applyLive(state.sessions, action.row) };
    case 'recording':
      return { ...state, recordings: applyLive(state.recordings, action.row) };
    case 'loadStart':
      return { ...state, loading: state.loading + 1 };
    case 'loadEnd':
      return { ...state, loading: state.loading - 1 };
    case 'error':
      return { ...state, error: action.message };
    case 'liveError':
      return { ...state, liveError: action.message };
  }
};

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
