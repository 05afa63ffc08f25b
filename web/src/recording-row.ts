/**
 * What a recording's row shows beside its fields (playback, expiry, deletion) and which
 * actions it offers. Pure: from the row as the page holds it (query pages and live updates)
 * and where this page's own delete request of it stands.
 *
 * Every row on the page is the signed-in user's (owner-scoped reads and subscriptions), so
 * the owner's actions are offered on each; `purgeRecording` checks the owner again.
 */
import { formatDate, formatTime } from './record-format';
import type { RecordingRow } from './records-state';

/** Where this page's delete request of one recording stands. */
export type PurgeState =
  | { kind: 'idle' }
  | { kind: 'confirming' }
  | { kind: 'deleting' }
  | { kind: 'refused'; message: string }
  | { kind: 'deleted'; deletedAt: string };

export type PurgeAction =
  | { type: 'ask' }
  | { type: 'cancel' }
  | { type: 'confirm' }
  | { type: 'refused'; message: string }
  | { type: 'deleted'; deletedAt: string };

export const IDLE: PurgeState = { kind: 'idle' };

/**
 * Delete asks first; only a confirmed request is sent, once (a second confirm while it is in
 * flight changes nothing); a refusal can be tried again.
 */
export const purgeReducer = (state: PurgeState, action: PurgeAction): PurgeState => {
  switch (action.type) {
    case 'ask':
      return state.kind === 'idle' || state.kind === 'refused' ? { kind: 'confirming' } : state;
    case 'cancel':
      return state.kind === 'confirming' ? IDLE : state;
    case 'confirm':
      return state.kind === 'confirming' ? { kind: 'deleting' } : state;
    case 'refused':
      return state.kind === 'deleting' ? { kind: 'refused', message: action.message } : state;
    case 'deleted':
      return state.kind === 'deleting' ? { kind: 'deleted', deletedAt: action.deletedAt } : state;
  }
};

/** The page's delete requests, by recording id (a recording never asked about is idle). */
export type Purges = Readonly<Record<string, PurgeState>>;

export const purgesReducer = (purges: Purges, { id, action }: { id: string; action: PurgeAction }): Purges => {
  const current = purges[id] ?? IDLE;
  const next = purgeReducer(current, action);
  return next === current ? purges : { ...purges, [id]: next };
};

/** The Playback cell: nothing yet, the player (or a failure's details), or where its deletion stands. */
export type PlaybackCell =
  | { kind: 'none' }
  | { kind: 'play' }
  | { kind: 'details' }
  | { kind: 'deleting'; text: string }
  | { kind: 'deleted'; text: string };

/** The Delete action: not offered, offered, asking to confirm, in flight, or refused (offered again). */
export type DeleteCell =
  | { kind: 'none' }
  | { kind: 'offer' }
  | { kind: 'confirm' }
  | { kind: 'deleting' }
  | { kind: 'refused'; message: string };

export type RecordingRowView = {
  playback: PlaybackCell;
  /** "Expires <UTC day>" (and the exact time) while the recording has an expiry and is not deleted, else null. */
  expiry: { text: string; exact: string } | null;
  delete: DeleteCell;
};

type Final = 'COMPLETED' | 'FAILED';
/** COMPLETED or FAILED; STARTED (still recording) or a status this page does not know: null. */
const finalStatus = (status: string | null | undefined): Final | null =>
  status === 'COMPLETED' || status === 'FAILED' ? status : null;

export const DELETING_TEXT = 'Deleting…';

export const recordingRowView = (
  row: Pick<RecordingRow, 'recordingStatus' | 'expiresAt' | 'deletionRequestedAt' | 'deletedAt'>,
  purge: PurgeState = IDLE,
): RecordingRowView => {
  // The mutation's answer shows at once; the live update of the tombstone says the same.
  const deletedAt = row.deletedAt ?? (purge.kind === 'deleted' ? purge.deletedAt : null);
  if (deletedAt) {
    return {
      playback: { kind: 'deleted', text: `Deleted ${formatTime(deletedAt)}` },
      expiry: null,
      delete: { kind: 'none' },
    };
  }
  const status = finalStatus(row.recordingStatus);
  // The day is enough: retention runs daily, so the exact time only says which run.
  const expiry = row.expiresAt
    ? { text: `Expires ${formatDate(row.expiresAt)}`, exact: `Expires ${formatTime(row.expiresAt)}` }
    : null;
  const playback: PlaybackCell =
    row.deletionRequestedAt || purge.kind === 'deleting'
      ? { kind: 'deleting', text: DELETING_TEXT }
      : status === 'COMPLETED'
        ? { kind: 'play' }
        : status === 'FAILED'
          ? { kind: 'details' }
          : { kind: 'none' };
  if (status === null) return { playback, expiry, delete: { kind: 'none' } };
  return { playback, expiry, delete: deleteCell(purge) };
};

const deleteCell = (purge: PurgeState): DeleteCell => {
  switch (purge.kind) {
    case 'idle':
      return { kind: 'offer' };
    case 'confirming':
      return { kind: 'confirm' };
    case 'deleting':
      return { kind: 'deleting' };
    case 'refused':
      return { kind: 'refused', message: purge.message };
    case 'deleted':
      return { kind: 'none' };
  }
};

/** Whether the player may stay open on the recording (it closes once deletion began). */
export const offersPlayer = (view: RecordingRowView): boolean =>
  view.playback.kind === 'play' || view.playback.kind === 'details';
