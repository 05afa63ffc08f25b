/**
 * A thumbnail scrubber: a slider over the recording that previews the thumbnail of the time
 * under it, and the strip of thumbnails, each a button that seeks to its start. The times
 * are the playback query's (from the thumbnails IVS wrote and the media's duration).
 */
import { useState } from 'react';
import { clockTime, thumbnailAt, type TimedThumbnail } from './playback-view';

type Props = {
  thumbnails: readonly TimedThumbnail[];
  durationMs: number;
  currentMs: number;
  onSeek: (ms: number) => void;
};

export const ThumbnailScrubber = ({ thumbnails, durationMs, currentMs, onSeek }: Props) => {
  const [previewMs, setPreviewMs] = useState<number | null>(null);
  const shownMs = previewMs ?? currentMs;
  const preview = thumbnailAt(thumbnails, shownMs);
  const current = thumbnailAt(thumbnails, currentMs);
  return (
    <div className="scrubber">
      <div className="scrubber-preview">
        {preview && <img src={preview.url} alt={`Frame at ${clockTime(shownMs)}`} data-testid="scrubber-preview" />}
        <span>{clockTime(shownMs)}</span>
      </div>
      <input
        type="range"
        aria-label="Scrub through the recording"
        min={0}
        max={durationMs}
        step={100}
        value={shownMs}
        onChange={(e) => setPreviewMs(Number(e.currentTarget.value))}
        onPointerUp={() => {
          if (previewMs !== null) onSeek(previewMs);
          setPreviewMs(null);
        }}
        onKeyUp={() => {
          if (previewMs !== null) onSeek(previewMs);
          setPreviewMs(null);
        }}
      />
      <ol className="scrubber-strip" aria-label="Thumbnails">
        {thumbnails.map((t) => (
          <li key={t.url}>
            <button
              type="button"
              aria-current={t === current ? 'true' : undefined}
              onClick={() => onSeek(t.startMs)}
              aria-label={`Go to ${clockTime(t.startMs)}`}
            >
              <img src={t.url} alt="" />
              <span>{clockTime(t.startMs)}</span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
};
