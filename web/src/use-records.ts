import { generateClient } from 'aws-amplify/data';
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import type { Schema } from '../../amplify/data/resource';
import { CONNECTION_STATE_CHANGE } from 'aws-amplify/data';
import { Hub } from 'aws-amplify/utils';
import { initialLiveStatus, liveLabel, liveStatusReducer, SUBSCRIPTION_ACK_EVENT } from './live-status';
import { pendingPages, type Feed, type FeedRow, type Page } from './record-feed';
import { initialRecordsState, recordsReducer, type ProfileRow } from './records-state';

// Explicit selection sets: the columns the page shows and what the feed orders by, no relations.
const PROFILE_FIELDS = ['id', 'channelArn', 'channelName'] as const;
const SESSION_FIELDS = [
  'id',
  'profileId',
  'streamId',
  'status',
  'statusReason',
  'startTime',
  'endTime',
  'duration',
  'createdAt',
  'version',
] as const;
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
  'expiresAt',
  'deletionRequestedAt',
  'deletedAt',
  'createdAt',
  'version',
] as const;

type Client = ReturnType<typeof generateClient<Schema>>;
type Kind = 'sessions' | 'recordings';

/** Profile.onCreate, and onCreate and onUpdate of StreamSession and Recording (below). */
const SUBSCRIPTION_COUNT = 5;

type Result<T> = { data: T[]; nextToken?: string | null; errors?: ReadonlyArray<{ message: string }> };

const failed = (operation: string, errors: ReadonlyArray<{ message: string }>) =>
  new Error(`${operation}: ${errors.map((e) => e.message).join('; ')}`);

const page = <T>(operation: string, result: Result<T>): Page<T> => {
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

/** The text of a thrown error or of a GraphQL answer's errors. */
export const errorText = (error: unknown): string => {
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
export const useRecords = (pageSize: number) => {
  const client = useMemo(() => generateClient<Schema>(), []);
  const [state, dispatch] = useReducer(recordsReducer, initialRecordsState);
  const [live, dispatchLive] = useReducer(liveStatusReducer, SUBSCRIPTION_COUNT, initialLiveStatus);

  /** One index query page, dispatched as a page (moves the cursor) or a refresh (merges only). */
  const fetchPage = useCallback(
    async (kind: Kind, profileId: string, nextToken: string | null, as: 'page' | 'refresh') => {
      dispatch({ type: 'loadStart' });
      try {
        const options = { limit: pageSize, ...(nextToken ? { nextToken } : {}) };
        if (kind === 'sessions') {
          const result = page(
            'streamSessionsByProfileId',
            await client.models.StreamSession.streamSessionsByProfileId(
              { profileId },
              { ...options, selectionSet: SESSION_FIELDS },
            ),
          );
          dispatch({ type: as === 'page' ? 'sessionsPage' : 'sessionsRefresh', profileId, page: result });
        } else {
          const result = page(
            'recordingsByProfileId',
            await client.models.Recording.recordingsByProfileId(
              { profileId },
              { ...options, selectionSet: RECORDING_FIELDS },
            ),
          );
          dispatch({ type: as === 'page' ? 'recordingsPage' : 'recordingsRefresh', profileId, page: result });
        }
      } catch (error) {
        dispatch({ type: 'error', message: errorText(error) });
      } finally {
        dispatch({ type: 'loadEnd' });
      }
    },
    [client, pageSize],
  );

  // Each page is asked once, even when "Load more" is pressed twice or a profile arrives mid-load.
  const requested = useRef(new Set<string>());
  const loadPages = useCallback(
    (kind: Kind, feed: Feed<FeedRow>, which: 'first' | 'all') => {
      for (const { profileId, nextToken } of pendingPages(feed)) {
        if (which === 'first' && nextToken !== null) continue;
        const key = `${kind} ${profileId} ${nextToken ?? ''}`;
        if (requested.current.has(key)) continue;
        requested.current.add(key);
        void fetchPage(kind, profileId, nextToken, 'page');
      }
    },
    [fetchPage],
  );

  // Live status from the realtime client's Hub events; listening starts before subscribing.
  useEffect(
    () =>
      Hub.listen('api', ({ payload }) => {
        const data = payload.data as { connectionState?: string; id?: string } | undefined;
        if (payload.event === CONNECTION_STATE_CHANGE && data?.connectionState) {
          dispatchLive({ type: 'connection', state: data.connectionState });
        } else if (payload.event === SUBSCRIPTION_ACK_EVENT && data?.id) {
          dispatchLive({ type: 'ack', id: data.id });
        }
      }),
    [],
  );

  // Subscribe, then read the profiles; the feeds keep the newest version of each record
  // whichever way it came.
  useEffect(() => {
    const live = (what: string) => (error: unknown) =>
      dispatch({ type: 'liveError', message: `${what}: ${errorText(error)}` });
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
        if (!cancelled) dispatch({ type: 'error', message: errorText(error) });
      },
    );
    return () => {
      cancelled = true;
      for (const subscription of subscriptions) subscription.unsubscribe();
    };
  }, [client]);

  // A profile's first pages load as soon as the profile is known (at start, or created later).
  useEffect(() => {
    loadPages('sessions', state.sessions, 'first');
    loadPages('recordings', state.recordings, 'first');
  }, [state.profiles, loadPages]);

  // Every time all subscriptions are acknowledged (at start, after a reconnect), the first
  // pages are read again: what changed before the subscriptions were in place shows too.
  useEffect(() => {
    if (live.ready === 0 || !state.profiles) return;
    for (const profile of state.profiles) {
      void fetchPage('sessions', profile.id, null, 'refresh');
      void fetchPage('recordings', profile.id, null, 'refresh');
    }
  }, [live.ready]);

  const loadMoreSessions = useCallback(() => loadPages('sessions', state.sessions, 'all'), [loadPages, state.sessions]);
  const loadMoreRecordings = useCallback(
    () => loadPages('recordings', state.recordings, 'all'),
    [loadPages, state.recordings],
  );

  return { state, live: liveLabel(live), loadMoreSessions, loadMoreRecordings };
};
