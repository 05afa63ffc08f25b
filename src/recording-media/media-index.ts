/**
 * The media index on a Recording: what its end file says, joined into the record like the
 * engine joins events (src/recording-engine/README.md, "Media index"). Pure.
 *
 * IVS writes one end file per recording, so one index. Indexing it again (a duplicate S3
 * event, reconciliation after the handler) changes nothing: the content is the same and
 * `mediaIndexedAt` keeps the earliest time. Two different indexes for one recording (the
 * file rewritten) would be an anomaly; the choice between them is by value, so whatever
 * the order, the same one wins.
 */
import { RECORDING_MEDIA_FIELDS, type RecordingMediaFields, type RecordingState } from '../recording-engine/records';
import type { RecordingMediaIndex } from './end-file';

const contentOf = (fields: RecordingMediaFields): string =>
  JSON.stringify(RECORDING_MEDIA_FIELDS.filter((f) => f !== 'mediaIndexedAt').map((f) => fields[f]));

/** The recording with `media` indexed at `indexedAt` (canonical ISO string). */
export const withMediaIndex = (
  recording: RecordingState,
  media: RecordingMediaIndex,
  indexedAt: string,
): RecordingState => {
  const incoming: RecordingMediaFields = {
    ...media,
    renditions: media.renditions?.map((r) => ({ ...r })) ?? null,
    mediaIndexedAt: indexedAt,
  };
  if (recording.mediaIndexedAt === null) return { ...recording, ...incoming };
  const current = contentOf(recording);
  const next = contentOf(incoming);
  if (current === next) {
    return indexedAt < recording.mediaIndexedAt ? { ...recording, mediaIndexedAt: indexedAt } : recording;
  }
  return next > current ? { ...recording, ...incoming } : recording;
};

/** True once the end file was indexed onto the recording. */
export const hasMediaIndex = (recording: RecordingState): boolean => recording.mediaIndexedAt !== null;
