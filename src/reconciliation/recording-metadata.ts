/**
 * The metadata files IVS auto-record writes under a recording's prefix
 * (`events/recording-ended.json`, `events/recording-failed.json`), parsed and checked.
 * Fields: docs/ivs-facts.md section 4. Pure.
 */
import { normaliseRfc3339 } from '../recording-engine/event-time';
import { MAX_DURATION_MS } from '../recording-engine/ivs-event';

export const ENDED_FILE = 'events/recording-ended.json';
export const FAILED_FILE = 'events/recording-failed.json';

/** The metadata files of a recording, by key. The prefix has no leading or trailing slash. */
export const metadataKey = (prefix: string, file: typeof ENDED_FILE | typeof FAILED_FILE): string =>
  `${prefix.replace(/\/+$/, '')}/${file}`;

export type RecordingEndMetadata = {
  readonly status: 'RECORDING_ENDED' | 'RECORDING_ENDED_WITH_FAILURE';
  readonly channelArn: string;
  /** "" when the file has none. */
  readonly message: string;
  /** Canonical ISO strings. */
  readonly startedAt: string | null;
  readonly endedAt: string;
  /** media.hls.duration_ms: the true duration (not the timestamps' difference). */
  readonly durationMs: number | null;
};

export type MetadataParse = { ok: true; metadata: RecordingEndMetadata } | { ok: false; why: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const optionalTime = (value: unknown): string | null | undefined =>
  value === undefined || value === null
    ? null
    : typeof value === 'string'
      ? (normaliseRfc3339(value) ?? undefined)
      : undefined;

/** Parses the text of recording-ended.json or recording-failed.json. */
export const parseRecordingEndMetadata = (text: string): MetadataParse => {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, why: `not JSON: ${(error as Error).message}` };
  }
  if (!isObject(raw)) return { ok: false, why: 'not a JSON object' };
  const status = raw.recording_status;
  if (status === 'RECORDING_STARTED')
    return { ok: false, why: 'recording_status is RECORDING_STARTED: the recording has not ended' };
  if (status !== 'RECORDING_ENDED' && status !== 'RECORDING_ENDED_WITH_FAILURE') {
    return { ok: false, why: `unknown recording_status ${JSON.stringify(status)}` };
  }
  if (typeof raw.channel_arn !== 'string' || raw.channel_arn === '') return { ok: false, why: 'channel_arn missing' };
  const endedAt = optionalTime(raw.recording_ended_at);
  if (!endedAt)
    return { ok: false, why: `recording_ended_at is not an RFC 3339 time: ${JSON.stringify(raw.recording_ended_at)}` };
  const startedAt = optionalTime(raw.recording_started_at);
  if (startedAt === undefined)
    return {
      ok: false,
      why: `recording_started_at is not an RFC 3339 time: ${JSON.stringify(raw.recording_started_at)}`,
    };
  const hls = isObject(raw.media) && isObject(raw.media.hls) ? raw.media.hls : {};
  const duration = hls.duration_ms;
  if (
    duration !== undefined &&
    (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 0 || duration > MAX_DURATION_MS)
  ) {
    return { ok: false, why: `media.hls.duration_ms is not a duration in ms: ${JSON.stringify(duration)}` };
  }
  // An ended recording without its duration would be recorded as 0 ms: refuse to guess.
  if (status === 'RECORDING_ENDED' && duration === undefined)
    return { ok: false, why: 'media.hls.duration_ms missing' };
  const message = raw.recording_status_message;
  return {
    ok: true,
    metadata: {
      status,
      channelArn: raw.channel_arn,
      message: typeof message === 'string' ? message : '',
      startedAt,
      endedAt,
      durationMs: typeof duration === 'number' ? duration : null,
    },
  };
};
