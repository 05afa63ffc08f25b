/**
 * The records page's state: the user's profiles and one feed per kind of record, changed
 * only by the actions below (query pages, live messages, load progress, errors).
 */
import {
  applyLive,
  applyPage,
  applyRefresh,
  emptyFeed,
  withProfiles,
  type Feed,
  type FeedRow,
  type Page,
} from './record-feed';

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
  /** When retention deletes it (null: kept forever, or not final yet). */
  expiresAt?: string | null;
  /** Its deletion began (objects may be partly gone). */
  deletionRequestedAt?: string | null;
  /** The tombstone: every object is gone; the row stays. */
  deletedAt?: string | null;
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

export type Action =
  | { type: 'profiles'; profiles: readonly ProfileRow[] }
  | { type: 'profileCreated'; profile: ProfileRow }
  | { type: 'sessionsPage'; profileId: string; page: Page<SessionRow> }
  | { type: 'recordingsPage'; profileId: string; page: Page<RecordingRow> }
  | { type: 'sessionsRefresh'; profileId: string; page: Page<SessionRow> }
  | { type: 'recordingsRefresh'; profileId: string; page: Page<RecordingRow> }
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
    case 'sessionsRefresh':
      return { ...state, sessions: applyRefresh(state.sessions, action.profileId, action.page) };
    case 'recordingsRefresh':
      return { ...state, recordings: applyRefresh(state.recordings, action.profileId, action.page) };
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
