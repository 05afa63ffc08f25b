import {
  RECORDING_FIELDS,
  STREAM_SESSION_FIELDS,
  type RecordingState,
  type StreamSessionState,
} from '../recording-engine/records';

/**
 * A stored item as the engine sees it: every field present, absent values null (the API
 * omits nothing, but an older item may lack a newer field), stream ids a list of strings
 * (the schema's string array allows null entries).
 */
const stateFrom = <T>(stored: Record<string, unknown>, fields: readonly string[]): T =>
  Object.fromEntries(
    fields.map((field) => {
      const value = stored[field];
      if (field === 'streamIds') {
        return [field, Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : []];
      }
      return [field, value ?? null];
    }),
  ) as T;

export const recordingStateFrom = (stored: Record<string, unknown>): RecordingState =>
  stateFrom<RecordingState>(stored, RECORDING_FIELDS);

export const streamSessionStateFrom = (stored: Record<string, unknown>): StreamSessionState =>
  stateFrom<StreamSessionState>(stored, STREAM_SESSION_FIELDS);
