/**
 * The end file IVS auto-record writes under a recording's prefix
 * (`events/recording-ended.json` or `events/recording-failed.json`), parsed once for
 * everyone: the handler's media indexing (S3 "Object Created") and reconciliation.
 * Fields: docs/ivs-facts.md section 4. Every media key is the recording's prefix joined
 * with the paths the file gives: none is assumed. Pure.
 */
import { normaliseRfc3339 } from '../recording-engine/event-time';
import { MAX_DURATION_MS } from '../recording-engine/ivs-event';
import type { RecordingMediaFields, RecordingRendition } from '../recording-engine/records';

export const ENDED_FILE = 'events/recording-ended.json';
export const FAILED_FILE = 'events/recording-failed.json';
export const END_FILES = [ENDED_FILE, FAILED_FILE] as const;
export type EndFileName = (typeof END_FILES)[number];

/**
 * The one file name the LATEST thumbnail storage uses: the end file gives the folder
 * (`media.latest_thumbnail.path`) but not the name, which IVS documents as `thumb.jpg`,
 * overwritten in place.
 */
export const LATEST_THUMBNAIL_FILE = 'thumb.jpg';

/** The metadata files of a recording, by key. The prefix has no leading or trailing slash. */
export const metadataKey = (prefix: string, file: EndFileName): string => `${prefix.replace(/\/+$/, '')}/${file}`;

/** The recording prefix and file of an end file's key; null for any other key. */
export const endFileOfKey = (key: string): { prefix: string; file: EndFileName } | null => {
  for (const file of END_FILES) {
    if (key.endsWith(`/${file}`)) {
      const prefix = key.slice(0, -file.length - 1);
      return prefix === '' || prefix.startsWith('/') ? null : { prefix, file };
    }
  }
  return null;
};

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

/** What the end file says about the media: the Recording's media fields but the indexing time. */
export type RecordingMediaIndex = Readonly<Omit<RecordingMediaFields, 'mediaIndexedAt'>>;

export type RecordingEndFile = { readonly metadata: RecordingEndMetadata; readonly media: RecordingMediaIndex };

export type EndFileParse = { ok: true; file: RecordingEndFile } | { ok: false; why: string };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const optionalTime = (value: unknown): string | null | undefined =>
  value === undefined || value === null
    ? null
    : typeof value === 'string'
      ? (normaliseRfc3339(value) ?? undefined)
      : undefined;

/** A failed parse: thrown inside, returned as `{ ok: false, why }`. */
class BadEndFile extends Error {}

const fail = (why: string): never => {
  throw new BadEndFile(why);
};

/** A relative path the file gives: no leading slash, no "." or ".." segment, no empty segment. */
const relativePath = (value: unknown, field: string): string => {
  if (typeof value !== 'string' || value === '') return fail(`${field} is not a path: ${JSON.stringify(value)}`);
  const trimmed = value.replace(/\/+$/, '');
  if (trimmed.startsWith('/') || trimmed.split('/').some((part) => part === '' || part === '.' || part === '..'))
    return fail(`${field} is not a relative path: ${JSON.stringify(value)}`);
  return trimmed;
};

const optionalPath = (value: unknown, field: string): string | null =>
  value === undefined || value === null ? null : relativePath(value, field);

const optionalDimension = (value: unknown, field: string): number | null => {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > 100_000)
    return fail(`${field} is not a pixel size: ${JSON.stringify(value)}`);
  return value;
};

const join = (...parts: string[]): string => parts.join('/');

const parseMedia = (
  raw: Record<string, unknown>,
  prefix: string,
  ended: boolean,
  message: string | null,
): RecordingMediaIndex => {
  const media = raw.media === undefined ? {} : isObject(raw.media) ? raw.media : fail('media is not an object');
  const hls = media.hls === undefined ? null : isObject(media.hls) ? media.hls : fail('media.hls is not an object');
  // A recording that ended normally has its HLS media; a failed one may have none.
  if (hls === null && ended) fail('media.hls missing');
  let masterPlaylistKey: string | null = null;
  let byteRangePlaylistKey: string | null = null;
  let renditions: RecordingRendition[] = [];
  if (hls !== null) {
    const hlsPath = join(prefix, relativePath(hls.path, 'media.hls.path'));
    masterPlaylistKey = join(hlsPath, relativePath(hls.playlist, 'media.hls.playlist'));
    const byteRange = optionalPath(hls.byte_range_playlist, 'media.hls.byte_range_playlist');
    byteRangePlaylistKey = byteRange === null ? null : join(hlsPath, byteRange);
    const list = hls.renditions ?? [];
    if (!Array.isArray(list)) fail('media.hls.renditions is not a list');
    renditions = (list as unknown[]).map((item, i) => {
      const at = `media.hls.renditions[${i}]`;
      if (!isObject(item)) return fail(`${at} is not an object`);
      const path = join(hlsPath, relativePath(item.path, `${at}.path`));
      const variantByteRange = optionalPath(item.byte_range_playlist, `${at}.byte_range_playlist`);
      return {
        path,
        playlistKey: join(path, relativePath(item.playlist, `${at}.playlist`)),
        byteRangePlaylistKey: variantByteRange === null ? null : join(path, variantByteRange),
        width: optionalDimension(item.resolution_width, `${at}.resolution_width`),
        height: optionalDimension(item.resolution_height, `${at}.resolution_height`),
      };
    });
  }
  const thumbnails =
    media.thumbnails === undefined
      ? null
      : isObject(media.thumbnails)
        ? media.thumbnails
        : fail('media.thumbnails is not an object');
  const latest =
    media.latest_thumbnail === undefined
      ? null
      : isObject(media.latest_thumbnail)
        ? media.latest_thumbnail
        : fail('media.latest_thumbnail is not an object');
  const latestPath = latest === null ? null : relativePath(latest.path, 'media.latest_thumbnail.path');
  const duration = hls?.duration_ms;
  return {
    recordingStatusMessage: message,
    masterPlaylistKey,
    byteRangePlaylistKey,
    renditions,
    thumbnailsPath: thumbnails === null ? null : join(prefix, relativePath(thumbnails.path, 'media.thumbnails.path')),
    // A path that already names the image is taken as it is.
    latestThumbnailKey:
      latestPath === null
        ? null
        : join(prefix, latestPath.endsWith('.jpg') ? latestPath : join(latestPath, LATEST_THUMBNAIL_FILE)),
    mediaDurationMs: typeof duration === 'number' ? duration : null,
  };
};

/**
 * Parses the text of recording-ended.json or recording-failed.json found under `prefix`
 * (the recording's S3 key prefix, no leading or trailing slash): its end facts, and its
 * media as full S3 keys.
 */
export const parseRecordingEndFile = (text: string, prefix: string): EndFileParse => {
  try {
    return { ok: true, file: parseOrThrow(text, prefix) };
  } catch (error) {
    if (error instanceof BadEndFile) return { ok: false, why: error.message };
    throw error;
  }
};

const parseOrThrow = (text: string, rawPrefix: string): RecordingEndFile => {
  const prefix = rawPrefix.replace(/\/+$/, '');
  if (prefix === '' || prefix.startsWith('/')) fail(`not a recording prefix: ${JSON.stringify(rawPrefix)}`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return fail(`not JSON: ${(error as Error).message}`);
  }
  if (!isObject(raw)) return fail('not a JSON object');
  const status = raw.recording_status;
  if (status === 'RECORDING_STARTED') fail('recording_status is RECORDING_STARTED: the recording has not ended');
  if (status !== 'RECORDING_ENDED' && status !== 'RECORDING_ENDED_WITH_FAILURE') {
    return fail(`unknown recording_status ${JSON.stringify(status)}`);
  }
  if (typeof raw.channel_arn !== 'string' || raw.channel_arn === '') return fail('channel_arn missing');
  const endedAt = optionalTime(raw.recording_ended_at);
  if (!endedAt) return fail(`recording_ended_at is not an RFC 3339 time: ${JSON.stringify(raw.recording_ended_at)}`);
  const startedAt = optionalTime(raw.recording_started_at);
  if (startedAt === undefined)
    return fail(`recording_started_at is not an RFC 3339 time: ${JSON.stringify(raw.recording_started_at)}`);
  const hls = isObject(raw.media) && isObject(raw.media.hls) ? raw.media.hls : {};
  const duration = hls.duration_ms;
  if (
    duration !== undefined &&
    (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 0 || duration > MAX_DURATION_MS)
  ) {
    fail(`media.hls.duration_ms is not a duration in ms: ${JSON.stringify(duration)}`);
  }
  // An ended recording without its duration would be recorded as 0 ms: refuse to guess.
  if (status === 'RECORDING_ENDED' && duration === undefined) fail('media.hls.duration_ms missing');
  const messageValue = raw.recording_status_message;
  // "" (a success) is stored as no message: the data API reads an empty string back as null.
  const message = typeof messageValue === 'string' && messageValue !== '' ? messageValue : null;
  return {
    metadata: {
      status,
      channelArn: raw.channel_arn,
      message: message ?? '',
      startedAt,
      endedAt,
      durationMs: typeof duration === 'number' ? duration : null,
    },
    media: parseMedia(raw, prefix, status === 'RECORDING_ENDED', message),
  };
};
