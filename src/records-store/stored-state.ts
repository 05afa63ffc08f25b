import {
  RECORDING_FIELDS,
  RENDITION_FIELDS,
  STREAM_SESSION_FIELDS,
  type RecordingRendition,
  type RecordingState,
  type StreamSessionState,
} from '../recording-engine/records';

/** The Recording's fields as a GraphQL selection: the renditions (a custom type) with theirs. */
export const RECORDING_GRAPHQL_FIELDS: readonly string[] = RECORDING_FIELDS.map((field) =>
  field === 'renditions' ? `renditions { ${RENDITION_FIELDS.join(' ')} }` : field,
);

/** The Recording's fields as a model operation's selectionSet names them. */
export const RECORDING_SELECTION_SET = RECORDING_FIELDS.map((field) =>
  field === 'renditions' ? ('renditions.*' as const) : field,
);

const renditionsFrom = (value: unknown): RecordingRendition[] | null =>
  Array.isArray(value)
    ? value
        .filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null)
        .map((r) => ({
          path: String(r.path),
          playlistKey: String(r.playlistKey),
          byteRangePlaylistKey: typeof r.byteRangePlaylistKey === 'string' ? r.byteRangePlaylistKey : null,
          width: typeof r.width === 'number' ? r.width : null,
          height: typeof r.height === 'number' ? r.height : null,
        }))
    : null;

/**
 * A stored item as the engine sees it: every field present, absent values null (the API
 * omits nothing, but an older item may lack a newer field), stream ids a list of strings
 * (the schema's string array allows null entries), renditions with every field.
 */
const stateFrom = <T>(stored: Record<string, unknown>, fields: readonly string[]): T =>
  Object.fromEntries(
    fields.map((field) => {
      const value = stored[field];
      if (field === 'streamIds') {
        return [field, Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : []];
      }
      // Renditions come back with every field, absent ones null, in the stored order.
      if (field === 'renditions') return [field, renditionsFrom(value)];
      return [field, value ?? null];
    }),
  ) as T;

export const recordingStateFrom = (stored: Record<string, unknown>): RecordingState =>
  stateFrom<RecordingState>(stored, RECORDING_FIELDS);

export const streamSessionStateFrom = (stored: Record<string, unknown>): StreamSessionState =>
  stateFrom<StreamSessionState>(stored, STREAM_SESSION_FIELDS);
