/** The `playback` query's AppSync event, parsed: the recording id and the user pool caller. */
import { userPoolCaller } from '../user-directory/user-pool-caller';
import type { PlaybackCaller } from './playback';

export class PlaybackInputError extends Error {
  override readonly name = 'PlaybackInputError';
}

export type PlaybackRequest = { recordingId: string; caller: PlaybackCaller | null };

/** A caller without a user pool identity (`sub`, `username`) is null: never the owner of anything. */
export const parsePlaybackEvent = (event: { arguments?: unknown; identity?: unknown }): PlaybackRequest => {
  const args = (event.arguments ?? {}) as Record<string, unknown>;
  const recordingId = args.recordingId;
  if (typeof recordingId !== 'string' || recordingId.trim() === '') {
    throw new PlaybackInputError('recordingId must be a non-empty string');
  }
  return { recordingId, caller: userPoolCaller(event.identity) };
};
