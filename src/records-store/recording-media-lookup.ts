import type { PlaybackRecording } from '../playback/playback';
import type { DataClient } from './amplify-records-store';
import { retryableDataError } from './data-errors';

/** The fields playback reads, and nothing else. */
const PLAYBACK_SELECTION = [
  'id',
  'owner',
  'recordingStatus',
  'recordingStatusReason',
  'recordingStatusMessage',
  's3BucketName',
  's3KeyPrefix',
  'masterPlaylistKey',
  'thumbnailsPath',
  'latestThumbnailKey',
  'mediaDurationMs',
  'mediaIndexedAt',
] as const;

/** A Recording's owner, status and media fields by id (one get by key), or null. A failure is a RetryableError. */
export const findRecordingMedia = async (client: DataClient, id: string): Promise<PlaybackRecording | null> => {
  let result;
  try {
    result = await client.models.Recording.get({ id }, { selectionSet: PLAYBACK_SELECTION });
  } catch (error) {
    throw retryableDataError('getRecording', error);
  }
  if (result.errors?.length) throw retryableDataError('getRecording', result);
  const r = result.data;
  if (!r) return null;
  return {
    id: r.id,
    owner: r.owner ?? null,
    recordingStatus: r.recordingStatus,
    recordingStatusReason: r.recordingStatusReason ?? null,
    recordingStatusMessage: r.recordingStatusMessage ?? null,
    s3BucketName: r.s3BucketName ?? null,
    s3KeyPrefix: r.s3KeyPrefix ?? null,
    masterPlaylistKey: r.masterPlaylistKey ?? null,
    thumbnailsPath: r.thumbnailsPath ?? null,
    latestThumbnailKey: r.latestThumbnailKey ?? null,
    mediaDurationMs: r.mediaDurationMs ?? null,
    mediaIndexedAt: r.mediaIndexedAt ?? null,
  };
};
