/**
 * What a player needs to play one recording, for its owner only: the master playlist URL,
 * the signed access (one custom policy over the recording's prefix), the poster, the
 * thumbnails with their times and a WebVTT storyboard of them. A recording with no media
 * yet is NOT_READY and a failed one FAILED with its reason: answers, not errors.
 * Anyone else, and a recording that does not exist, get the same PlaybackUnauthorizedError.
 */
import { isOwnedBy } from '../user-directory/owner-value';
import type { UserPoolCaller } from '../user-directory/user-pool-caller';
import { isUnderPrefix, mediaUrl, recordingResource, withSignedQuery } from './media-urls';
import { PLAYBACK_ACCESS_SECONDS, type PlaybackSettings } from './playback-settings';
import { customPolicy, signPolicy, type SignedAccess } from './signing-policy';
import { storyboardVtt } from './storyboard-vtt';
import { orderThumbnailKeys, thumbnailTimeline } from './thumbnail-timeline';

/** The fields of a Recording playback reads (the records store's lookup returns them). */
export type PlaybackRecording = {
  id: string;
  owner: string | null;
  s3BucketName: string | null;
  recordingStatus: 'STARTED' | 'COMPLETED' | 'FAILED';
  recordingStatusReason: string | null;
  recordingStatusMessage: string | null;
  s3KeyPrefix: string | null;
  masterPlaylistKey: string | null;
  thumbnailsPath: string | null;
  latestThumbnailKey: string | null;
  mediaDurationMs: number | null;
  mediaIndexedAt: string | null;
};

export type PlaybackCaller = UserPoolCaller;

export type PlaybackStatus = 'READY' | 'NOT_READY' | 'FAILED';

export type PlaybackThumbnail = { url: string; startMs: number; endMs: number };

/** The `Playback` type of the schema. */
export type PlaybackAnswer = {
  recordingId: string;
  status: PlaybackStatus;
  /** Why it is NOT_READY or FAILED. */
  reason: string | null;
  masterPlaylistUrl: string | null;
  /** Append to every media request (`Policy`, `Signature`, `Key-Pair-Id`). */
  signedQuery: string | null;
  /** The same access as CloudFront cookies, for an app on the distribution's parent domain. */
  cookies: { name: string; value: string }[] | null;
  /** The path the cookies are for: the recording's prefix. */
  cookiePath: string | null;
  expiresAt: string | null;
  posterUrl: string | null;
  thumbnails: PlaybackThumbnail[] | null;
  storyboardVtt: string | null;
  durationMs: number | null;
};

export class PlaybackUnauthorizedError extends Error {
  override readonly name = 'Unauthorized';
  constructor(recordingId: string) {
    super(`Unauthorized: not allowed to play recording ${recordingId}`);
  }
}

export type PlaybackDeps = {
  settings: PlaybackSettings;
  findRecording: (id: string) => Promise<PlaybackRecording | null>;
  /** Every key under a prefix (all pages). */
  listKeys: (prefix: string) => Promise<string[]>;
  /** Signs a policy; the default signs with the settings' key. */
  sign?: (policy: string) => SignedAccess;
  now: number;
};

const notPlayable = (recordingId: string, status: PlaybackStatus, reason: string): PlaybackAnswer => ({
  recordingId,
  status,
  reason,
  masterPlaylistUrl: null,
  signedQuery: null,
  cookies: null,
  cookiePath: null,
  expiresAt: null,
  posterUrl: null,
  thumbnails: null,
  storyboardVtt: null,
  durationMs: null,
});

export const playbackFor = async (
  request: { recordingId: string; caller: PlaybackCaller | null },
  deps: PlaybackDeps,
): Promise<PlaybackAnswer> => {
  const { recordingId, caller } = request;
  if (caller === null) throw new PlaybackUnauthorizedError(recordingId);
  const recording = await deps.findRecording(recordingId);
  if (recording === null || !isOwnedBy(recording.owner, caller)) throw new PlaybackUnauthorizedError(recordingId);

  switch (recording.recordingStatus) {
    case 'STARTED':
      return notPlayable(recordingId, 'NOT_READY', 'the recording is in progress: it can be played once it has ended');
    case 'FAILED':
      return notPlayable(
        recordingId,
        'FAILED',
        recording.recordingStatusReason ?? recording.recordingStatusMessage ?? 'the recording failed',
      );
    case 'COMPLETED':
      break;
  }
  const prefix = recording.s3KeyPrefix;
  const master = recording.masterPlaylistKey;
  if (!recording.mediaIndexedAt || !master || !prefix) {
    return notPlayable(recordingId, 'NOT_READY', 'the recording has ended; its media is not indexed yet');
  }
  // The distribution serves one bucket: media elsewhere cannot be played through it.
  if (recording.s3BucketName !== null && recording.s3BucketName !== deps.settings.bucket) {
    return notPlayable(
      recordingId,
      'NOT_READY',
      `the media is in bucket ${recording.s3BucketName}, which playback does not serve (${deps.settings.bucket})`,
    );
  }
  // Only what lies under the recording's prefix is signed and linked.
  if (!isUnderPrefix(master, prefix)) {
    return notPlayable(recordingId, 'NOT_READY', 'the recording media is not under the recording prefix');
  }

  const { mediaBaseUrl } = deps.settings;
  const expiresAtSeconds = Math.floor(deps.now / 1000) + PLAYBACK_ACCESS_SECONDS;
  const policy = customPolicy(recordingResource(mediaBaseUrl, prefix), expiresAtSeconds);
  const signed = (deps.sign ?? ((p: string) => signPolicy(p, deps.settings)))(policy);
  const signedUrl = (key: string) => withSignedQuery(mediaUrl(mediaBaseUrl, key), signed.query);

  const thumbnailsPath = recording.thumbnailsPath?.replace(/\/+$/, '');
  const keys =
    thumbnailsPath && isUnderPrefix(`${thumbnailsPath}/x`, prefix) ? await deps.listKeys(`${thumbnailsPath}/`) : [];
  const ordered = orderThumbnailKeys(keys);
  const durationMs = recording.mediaDurationMs;
  const thumbnails =
    durationMs === null
      ? ordered.map((key) => ({ url: signedUrl(key), startMs: 0, endMs: 0 }))
      : thumbnailTimeline(ordered, durationMs).map(({ key, startMs, endMs }) => ({
          url: signedUrl(key),
          startMs,
          endMs,
        }));
  const latest = recording.latestThumbnailKey;
  const posterKey = latest && isUnderPrefix(latest, prefix) ? latest : ordered[0];

  return {
    recordingId,
    status: 'READY',
    reason: null,
    masterPlaylistUrl: mediaUrl(mediaBaseUrl, master),
    signedQuery: signed.query,
    cookies: signed.cookies,
    cookiePath: new URL(`${mediaUrl(mediaBaseUrl, prefix)}/`).pathname,
    expiresAt: new Date(expiresAtSeconds * 1000).toISOString(),
    posterUrl: posterKey ? signedUrl(posterKey) : null,
    thumbnails,
    storyboardVtt: storyboardVtt(thumbnails),
    durationMs,
  };
};
