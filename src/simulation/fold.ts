/**
 * The records the engine decides for a sequence of EventBridge events, folded in
 * the order given (the engine's property tests prove the order does not matter).
 * For checking a simulation's expectations, and what a store holds after a delivery.
 */
import { parseIvsEvent } from '../recording-engine/ivs-event';
import type { RecordingState, RecordOwner, StreamSessionState } from '../recording-engine/records';
import { nextRecording, recordingIdFor } from '../recording-engine/recording-state';
import { nextStreamSession } from '../recording-engine/stream-session-state';
import {
  asExpectedRecording,
  asExpectedStreamSession,
  type ExpectedRecording,
  type ExpectedStreamSession,
} from './broadcast';

const NO_OWNER: RecordOwner = { profileId: 'simulation', owner: null };

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Folds raw EventBridge events (envelopes); throws PermanentEventError on one that does not parse. */
export const foldEvents = (
  envelopes: Iterable<unknown>,
): { recordings: ExpectedRecording[]; streamSessions: ExpectedStreamSession[] } => {
  const recordings = new Map<string, RecordingState>();
  const sessions = new Map<string, StreamSessionState>();
  for (const raw of envelopes) {
    const event = parseIvsEvent(raw);
    if (event.kind === 'recording') {
      const id = recordingIdFor(event);
      recordings.set(id, nextRecording(recordings.get(id) ?? null, event, NO_OWNER));
    } else {
      const next = nextStreamSession(sessions.get(event.streamId) ?? null, event, NO_OWNER);
      if (next !== null) sessions.set(event.streamId, next);
    }
  }
  return {
    recordings: [...recordings.values()].map(asExpectedRecording).sort(byId),
    streamSessions: [...sessions.values()].map(asExpectedStreamSession).sort(byId),
  };
};
