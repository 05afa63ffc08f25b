/**
 * IVS EventBridge events, parsed once at the boundary. Past `parseIvsEvent` every
 * value has its type and shape; the state code never re-checks anything.
 *
 * Facts: docs/ivs-facts.md (sections 1 to 3). Every detail field is optional in transport, so
 * each is checked, and what a status needs is required for that status only.
 */
import { parseChannelArn } from './channel-arn';
import { PermanentEventError } from './errors';
import { normaliseRfc3339 } from './event-time';
import { oversizedKey } from './stored-keys';
import {
  checkString,
  describeValue,
  fieldError,
  isJsonObject,
  MAX_ID_BYTES,
  MAX_LIST_LENGTH,
  MAX_TEXT_BYTES,
  ownField,
  readOptionalString,
  readString,
  type FieldScope,
  type JsonObject,
  type StringRule,
} from './json-fields';

export type RecordingStatusChange = 'START' | 'END' | 'START_FAILURE' | 'END_FAILURE';

export type RecordingStateChange = {
  readonly kind: 'recording';
  readonly eventId: string;
  readonly source: string;
  /** Canonical ISO string (UTC, `Z`). */
  readonly time: string;
  readonly channelArn: string;
  /** Display only: may be "", may change, not unique. */
  readonly channelName: string;
  readonly streamId: string;
  readonly status: RecordingStatusChange;
  /** "" on success. */
  readonly reason: string;
  /** "" only on START_FAILURE. */
  readonly s3BucketName: string;
  /** "" only on START_FAILURE. */
  readonly s3KeyPrefix: string;
  /** 0 on Start and on failures; the recorded duration on End. */
  readonly durationMs: number;
  /**
   * Never empty. A Start Failure may carry an empty recording_session_id (no
   * recording began): its identity then falls back to its stream id, which is unique
   * per broadcast, so each failed start is one FAILED record.
   */
  readonly recordingSessionId: string;
  /** recording_session_stream_ids when present (in IVS order), else []. */
  readonly streamIds: readonly string[];
};

export type StreamEventName =
  | 'STREAM_START'
  | 'STREAM_END'
  | 'STREAM_FAILURE'
  | 'SESSION_CREATED'
  | 'SESSION_ENDED'
  | 'STREAM_TAKEOVER'
  | 'STREAM_TAKEOVER_FAILURE';

export type StreamStateChange = {
  readonly kind: 'stream';
  readonly eventId: string;
  readonly source: string;
  readonly time: string;
  readonly channelArn: string;
  readonly channelName: string;
  readonly streamId: string;
  readonly eventName: StreamEventName;
  /** detail.reason, else detail.code, else "". */
  readonly reason: string;
};

export type IvsEvent = RecordingStateChange | StreamStateChange;

/**
 * The detail-types handled, equal to the constants in amplify/events/resource.ts
 * (a test holds them equal). Not imported: that module loads aws-cdk-lib, which has
 * no place in the Lambda bundle.
 */
export const RECORDING_STATE_CHANGE = 'IVS Recording State Change';
export const STREAM_STATE_CHANGE = 'IVS Stream State Change';
/** The source of IVS's own events. */
export const IVS_EVENT_SOURCE = 'aws.ivs';
/**
 * AWS rejects put-events entries whose Source begins with "aws.", so simulated
 * events use this source. Only a sandbox's rules match it.
 */
export const SIMULATOR_EVENT_SOURCE = 'custom.ivs.simulator';

export type ParseResult =
  | { readonly ok: true; readonly event: IvsEvent }
  | { readonly ok: false; readonly error: PermanentEventError };

// Maps, not object literals: a status of "__proto__" or "constructor" must not match.
const RECORDING_STATUSES: ReadonlyMap<string, RecordingStatusChange> = new Map([
  ['Recording Start', 'START'],
  ['Recording End', 'END'],
  ['Recording Start Failure', 'START_FAILURE'],
  ['Recording End Failure', 'END_FAILURE'],
]);

const STREAM_EVENT_NAMES: ReadonlyMap<string, StreamEventName> = new Map([
  ['Stream Start', 'STREAM_START'],
  ['Stream End', 'STREAM_END'],
  ['Stream Failure', 'STREAM_FAILURE'],
  ['Session Created', 'SESSION_CREATED'],
  ['Session Ended', 'SESSION_ENDED'],
  ['Stream Takeover', 'STREAM_TAKEOVER'],
  ['Stream Takeover Failure', 'STREAM_TAKEOVER_FAILURE'],
]);

const ID: StringRule = { maxBytes: MAX_ID_BYTES, nonEmpty: true, id: true };
const TEXT: StringRule = { maxBytes: MAX_TEXT_BYTES };
const STREAM_ID: StringRule = {
  maxBytes: MAX_ID_BYTES,
  id: true,
  pattern: { regex: /^st-[A-Za-z0-9]+$/, description: 'a stream id ("st-" then letters and digits)' },
};
/** 2^31 - 1: the schema's integers are 32-bit GraphQL Ints (48 h, the IVS maximum, is 1.7e8 ms). */
export const MAX_DURATION_MS = 2_147_483_647;

/** Parses an EventBridge event; throws PermanentEventError naming the first bad field. */
export const parseIvsEvent = (raw: unknown): IvsEvent => {
  if (!isJsonObject(raw)) {
    throw new PermanentEventError('invalid_event', `event must be a JSON object, got ${describeValue(raw)}`);
  }
  const envelope: FieldScope = { prefix: '' };
  const eventId = readString(envelope, raw, 'id', ID);
  const scope: FieldScope = { prefix: '', eventId };
  const detailType = readString(scope, raw, 'detail-type', { ...TEXT, nonEmpty: true });
  const source = readString(scope, raw, 'source', { ...TEXT, nonEmpty: true });
  const time = readTime(scope, raw);
  readString(scope, raw, 'account', TEXT);
  readString(scope, raw, 'region', TEXT);
  const resources = readResources(scope, raw);
  const detail = ownField(raw, 'detail');
  if (!isJsonObject(detail)) throw fieldError(scope, 'detail', 'an object', detail);
  const envelopeFacts = { eventId, source, time } as const;

  return checkStoredKeys(parseDetail(scope, detailType, envelopeFacts, resources, detail));
};

const parseDetail = (
  scope: FieldScope,
  detailType: string,
  envelopeFacts: EnvelopeFacts,
  resources: readonly string[],
  detail: JsonObject,
): IvsEvent => {
  switch (detailType) {
    case RECORDING_STATE_CHANGE:
      return parseRecordingDetail(envelopeFacts, readChannelArn(scope, resources), detail);
    case STREAM_STATE_CHANGE:
      return parseStreamDetail(envelopeFacts, readChannelArn(scope, resources), detail);
    default:
      throw new PermanentEventError(
        'unsupported_detail_type',
        `unsupported detail-type ${describeValue(detailType)}`,
        envelopeFacts.eventId,
        'detail-type',
      );
  }
};

/**
 * Each field is within its own limit, yet a key built from it may not be (the record
 * id percent-encodes the recording session id, up to 3 bytes per byte): such an event
 * could never be stored, so it is refused here rather than retried forever.
 */
const checkStoredKeys = (event: IvsEvent): IvsEvent => {
  const oversized = oversizedKey(event);
  if (oversized === null) return event;
  throw new PermanentEventError(
    'key_too_long',
    `${oversized.key} would be ${oversized.bytes} bytes as stored; DynamoDB allows at most ${oversized.maxBytes} (from ${oversized.field})`,
    event.eventId,
    oversized.field,
  );
};

/** The non-throwing form, for callers that batch or count rejects. */
export const tryParseIvsEvent = (raw: unknown): ParseResult => {
  try {
    return { ok: true, event: parseIvsEvent(raw) };
  } catch (error) {
    if (error instanceof PermanentEventError) return { ok: false, error };
    throw error; // A bug, not bad input: let it surface.
  }
};

type EnvelopeFacts = { readonly eventId: string; readonly source: string; readonly time: string };

const readTime = (scope: FieldScope, raw: JsonObject): string => {
  const value = ownField(raw, 'time');
  const time = typeof value === 'string' && value.length <= 64 ? normaliseRfc3339(value) : null;
  if (time === null) throw fieldError(scope, 'time', 'an RFC 3339 date-time (e.g. "2020-06-24T07:51:32Z")', value);
  return time;
};

const readResources = (scope: FieldScope, raw: JsonObject): readonly string[] => {
  const value = ownField(raw, 'resources');
  if (!Array.isArray(value)) throw fieldError(scope, 'resources', 'an array of strings', value);
  if (value.length > MAX_LIST_LENGTH) {
    throw fieldError(scope, 'resources', `at most ${MAX_LIST_LENGTH} entries`, `${value.length} entries`);
  }
  return value.map((entry: unknown, index) => checkString(scope, `resources[${index}]`, entry, TEXT));
};

const readChannelArn = (scope: FieldScope, resources: readonly string[]): string => {
  const first = resources[0];
  if (first === undefined || parseChannelArn(first) === null) {
    throw fieldError(scope, 'resources[0]', 'an IVS channel ARN (arn:aws:ivs:<region>:<account>:channel/<id>)', first);
  }
  return first;
};

/** A detail field naming one of a known set (a status, an event name), as its typed value. */
const readKnownName = <T>(
  scope: FieldScope,
  detail: JsonObject,
  key: string,
  known: ReadonlyMap<string, T>,
  reason: 'unknown_recording_status' | 'unknown_stream_event',
): T => {
  const raw = readString(scope, detail, key, TEXT);
  const value = known.get(raw);
  if (value === undefined) {
    throw new PermanentEventError(
      reason,
      `unknown ${key} ${describeValue(raw)} (detail.${key})`,
      scope.eventId,
      `detail.${key}`,
    );
  }
  return value;
};

const parseRecordingDetail = (
  envelope: EnvelopeFacts,
  channelArn: string,
  detail: JsonObject,
): RecordingStateChange => {
  const scope: FieldScope = { prefix: 'detail.', eventId: envelope.eventId };
  const status = readKnownName(scope, detail, 'recording_status', RECORDING_STATUSES, 'unknown_recording_status');
  const streamId = readString(scope, detail, 'stream_id', STREAM_ID);
  // A Start Failure means nothing was recorded: no bucket, prefix or session may exist.
  const startFailed = status === 'START_FAILURE';
  const location: StringRule = { maxBytes: MAX_TEXT_BYTES, nonEmpty: !startFailed };
  const sessionId = startFailed
    ? readOptionalString(scope, detail, 'recording_session_id', { ...ID, nonEmpty: false }, '')
    : readString(scope, detail, 'recording_session_id', ID);
  return {
    kind: 'recording',
    ...envelope,
    channelArn,
    channelName: readOptionalString(scope, detail, 'channel_name', TEXT, ''),
    streamId,
    status,
    reason: readOptionalString(scope, detail, 'recording_status_reason', TEXT, ''),
    s3BucketName: startFailed
      ? readOptionalString(scope, detail, 'recording_s3_bucket_name', location, '')
      : readString(scope, detail, 'recording_s3_bucket_name', location),
    s3KeyPrefix: startFailed
      ? readOptionalString(scope, detail, 'recording_s3_key_prefix', location, '')
      : readString(scope, detail, 'recording_s3_key_prefix', location),
    // Only the End reports a duration; elsewhere it is 0 and may be left out.
    durationMs: readDuration(scope, detail, status === 'END'),
    recordingSessionId: sessionId === '' ? streamId : sessionId,
    streamIds: readStreamIds(scope, detail),
  };
};

const readDuration = (scope: FieldScope, detail: JsonObject, required: boolean): number => {
  const value = ownField(detail, 'recording_duration_ms');
  if (value === undefined && !required) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_DURATION_MS) {
    throw fieldError(scope, 'recording_duration_ms', `a non-negative integer up to ${MAX_DURATION_MS}`, value);
  }
  return value;
};

const readStreamIds = (scope: FieldScope, detail: JsonObject): readonly string[] => {
  const key = 'recording_session_stream_ids';
  const value = ownField(detail, key);
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw fieldError(scope, key, 'an array of stream ids', value);
  if (value.length > MAX_LIST_LENGTH) {
    throw fieldError(scope, key, `at most ${MAX_LIST_LENGTH} stream ids`, `${value.length} entries`);
  }
  const ids = value.map((entry: unknown, index) => checkString(scope, `${key}[${index}]`, entry, STREAM_ID));
  // IVS lists each merged stream once; a repeat means the list is corrupt, and its order unknowable.
  const repeated = ids.findIndex((id, index) => ids.indexOf(id) !== index);
  if (repeated !== -1)
    throw fieldError(scope, `${key}[${repeated}]`, 'a stream id not already in the list', ids[repeated]);
  return ids;
};

const parseStreamDetail = (envelope: EnvelopeFacts, channelArn: string, detail: JsonObject): StreamStateChange => {
  const scope: FieldScope = { prefix: 'detail.', eventId: envelope.eventId };
  const eventName = readKnownName(scope, detail, 'event_name', STREAM_EVENT_NAMES, 'unknown_stream_event');
  return {
    kind: 'stream',
    ...envelope,
    channelArn,
    channelName: readOptionalString(scope, detail, 'channel_name', TEXT, ''),
    streamId: readString(scope, detail, 'stream_id', STREAM_ID),
    eventName,
    reason: readStreamReason(scope, detail),
  };
};

/** Stream Failure says `reason`; multitrack Session Ended and Takeover Failure say `code`. */
const readStreamReason = (scope: FieldScope, detail: JsonObject): string => {
  const reason = readOptionalString(scope, detail, 'reason', TEXT, '');
  if (reason !== '') return reason;
  const code = ownField(detail, 'code');
  // A code may be numeric; it is only ever shown, so its text form is enough.
  if (typeof code === 'number' && Number.isFinite(code)) return String(code);
  return readOptionalString(scope, detail, 'code', TEXT, '');
};
