/** Pure parts of the player: which thumbnail covers a time, and how a time reads. */

export type TimedThumbnail = { url: string; startMs: number; endMs: number };

/** The thumbnail whose range holds the time (the last one at or past the end), or null. */
export const thumbnailAt = <T extends TimedThumbnail>(thumbnails: readonly T[], ms: number): T | null => {
  if (thumbnails.length === 0) return null;
  const found = thumbnails.find((t) => ms >= t.startMs && ms < t.endMs);
  if (found) return found;
  return ms < thumbnails[0]!.startMs ? thumbnails[0]! : thumbnails.at(-1)!;
};

/** `m:ss` (or `h:mm:ss`) for a time in ms. */
export const clockTime = (ms: number): string => {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
};
