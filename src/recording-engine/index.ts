/** The pure core of the recording engine: parse IVS events, decide records. No I/O. */
export {
  PermanentEventError,
  RetryableError,
  isPermanentEventError,
  isRetryableError,
  type PermanentReason,
  type RetryableReason,
} from './errors';
export {
  parseIvsEvent,
  tryParseIvsEvent,
  RECORDING_STATE_CHANGE,
  STREAM_STATE_CHANGE,
  type IvsEvent,
  type ParseResult,
  type RecordingStateChange,
  type RecordingStatusChange,
  type StreamEventName,
  type StreamStateChange,
} from './ivs-event';
export { parseChannelArn, type ChannelArn } from './channel-arn';
export type {
  RecordOwner,
  RecordingState,
  RecordingStatus,
  StreamSessionState,
  StreamSessionStatus,
} from './records';
export { nextRecording, recordingIdFor, recordingStreamIds, recordingStreamSessionId } from './recording-state';
export {
  isKnownOnlyFromRecordings,
  nextStreamSession,
  nextStreamSessionFromRecording,
  streamSessionIdFor,
  whyIgnored,
} from './stream-session-state';
export { MAX_PARTITION_KEY_BYTES, oversizedKey, storedKeysOf, type StoredKey } from './stored-keys';
export { describeChange, isSameRecording, isSameStreamSession } from './state-diff';
