/**
 * The DynamoDB key values the stores would write (or query by) for an event, and
 * DynamoDB's limit on each, so an event whose keys can never be stored is refused at
 * the boundary instead of failing every retry.
 *
 * DynamoDB measures keys in UTF-8 bytes as stored: at most 2048 for a partition key
 * (of the table or of a global secondary index), 1024 for a sort key. The models of
 * amplify/data/resource.ts key every table on `id` and every index on one attribute,
 * with no sort key, so every key here is a partition key.
 */
import { unreachable } from './exhaustive';
import type { IvsEvent, RecordingStateChange } from './ivs-event';
import { recordingIdFor, recordingStreamIds } from './recording-state';
import { streamSessionIdFor } from './stream-session-state';

export const MAX_PARTITION_KEY_BYTES = 2048;

export type StoredKey = {
  /** `Model.attribute (what)`, for messages. */
  readonly key: string;
  readonly value: string;
  readonly maxBytes: number;
  /** The event field the value comes from. */
  readonly field: string;
};

const partitionKey = (key: string, value: string, field: string): StoredKey => ({
  key,
  value,
  maxBytes: MAX_PARTITION_KEY_BYTES,
  field,
});

const recordingKeys = (event: RecordingStateChange): StoredKey[] => {
  const sessionField = 'detail.recording_session_id';
  const streams = recordingStreamIds(event);
  return [
    partitionKey(
      'Recording.id (table key, derived from the channel ARN and recording session id)',
      recordingIdFor(event),
      sessionField,
    ),
    partitionKey('Recording.recordingSessionId (index key)', event.recordingSessionId, sessionField),
    // Any named stream may end up first in the merged list, so each is a candidate.
    ...streams.map((id) =>
      partitionKey('Recording.streamSessionId (index key)', id, 'detail.recording_session_stream_ids'),
    ),
    // Each named stream gets its StreamSession (evidence that it was live).
    ...streams.map((id) =>
      partitionKey('StreamSession.id (table key)', streamSessionIdFor(id), 'detail.recording_session_stream_ids'),
    ),
    partitionKey('Profile.channelArn (index key the profile is found by)', event.channelArn, 'resources[0]'),
  ];
};

/** Every key value the stores would write or query for this event. */
export const storedKeysOf = (event: IvsEvent): StoredKey[] => {
  switch (event.kind) {
    case 'recording':
      return recordingKeys(event);
    case 'stream':
      return [
        partitionKey('StreamSession.id (table key)', streamSessionIdFor(event.streamId), 'detail.stream_id'),
        partitionKey('Profile.channelArn (index key the profile is found by)', event.channelArn, 'resources[0]'),
      ];
    default:
      return unreachable(event, 'event kind');
  }
};

/** The first key over its limit, with its size in bytes, or null when every key fits. */
export const oversizedKey = (event: IvsEvent): (StoredKey & { readonly bytes: number }) | null => {
  for (const key of storedKeysOf(event)) {
    // A UTF-16 unit is at most 3 UTF-8 bytes: most values are cleared without encoding.
    if (key.value.length * 3 <= key.maxBytes) continue;
    const bytes = Buffer.byteLength(key.value, 'utf8');
    if (bytes > key.maxBytes) return { ...key, bytes };
  }
  return null;
};
