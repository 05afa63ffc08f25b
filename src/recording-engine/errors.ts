/**
 * The two ways processing an event can fail, so the handler can tell Lambda
 * "drop it" from "try again". Anything else thrown is a bug.
 */

/** Why an event is bad input. Stable codes: dashboards and alarms key on them. */
export type PermanentReason =
  | 'invalid_event'
  | 'invalid_field'
  | 'unsupported_detail_type'
  | 'unknown_recording_status'
  | 'unknown_stream_event'
  /** A key the stores would write is longer than DynamoDB allows (bytes as stored). */
  | 'key_too_long'
  /** The event's stream id already has a StreamSession on another channel. */
  | 'stream_of_another_channel';

/**
 * Bad input: retrying cannot help, so the handler logs it and returns normally
 * (throwing would burn Lambda's retries and land the event in the failure queue).
 */
export class PermanentEventError extends Error {
  override readonly name = 'PermanentEventError';
  readonly retryable = false;

  constructor(
    readonly reason: PermanentReason,
    message: string,
    /** The EventBridge event id, when the envelope got far enough to have one. */
    readonly eventId?: string,
    /** The offending field path, e.g. `detail.stream_id`, when one field is to blame. */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Why a transient failure happened; the I/O layer picks the code. */
export type RetryableReason =
  | 'throttled'
  | 'unavailable'
  | 'timeout'
  /** A concurrent write kept winning: re-run later on fresh state. */
  | 'version_conflict'
  /** A Recording event arrived before its StreamSession exists: wait for the Stream Start. */
  | 'missing_stream_session'
  | 'unknown';

/** Transient: thrown out of the handler so Lambda (then EventBridge) retries. */
export class RetryableError extends Error {
  override readonly name = 'RetryableError';
  readonly retryable = true;

  /** `options.cause`: the underlying failure (SDK, network...), kept as the standard `Error#cause`. */
  constructor(
    readonly reason: RetryableReason,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isPermanentEventError = (error: unknown): error is PermanentEventError =>
  error instanceof PermanentEventError;

export const isRetryableError = (error: unknown): error is RetryableError => error instanceof RetryableError;
