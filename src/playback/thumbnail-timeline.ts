/**
 * The thumbnails of a recording in order, with their times, from the objects IVS wrote.
 *
 * IVS writes SEQUENTIAL thumbnails as numbered files (`thumb0.jpg`, `thumb1.jpg`, ...) at a
 * target interval it does not guarantee, so the times come from what is there: the files in
 * the order of their numbers (not S3's listing order, where `thumb10` sorts before `thumb2`),
 * and the media's duration shared out evenly among them. Thumbnail i of n covers
 * [i·D/n, (i+1)·D/n) of a recording of D ms (floored to the millisecond): the first starts at
 * 0, the last ends at D, and the tiles neither overlap nor leave gaps.
 */

const IMAGE = /\.(jpe?g|png|webp)$/i;

/** The number in a thumbnail's file name (`thumb12.jpg` → 12), or null for a name with none. */
const sequenceNumber = (key: string): number | null => {
  const name = key.slice(key.lastIndexOf('/') + 1);
  const match = /(\d+)\.[^.]+$/.exec(name);
  return match ? Number(match[1]) : null;
};

/** The image keys in playing order: by their number, then by key (unnumbered ones last). */
export const orderThumbnailKeys = (keys: readonly string[]): string[] =>
  keys
    .filter((key) => IMAGE.test(key))
    .map((key) => ({ key, n: sequenceNumber(key) }))
    .sort((a, b) => {
      if (a.n !== null && b.n !== null && a.n !== b.n) return a.n - b.n;
      if ((a.n === null) !== (b.n === null)) return a.n === null ? 1 : -1;
      return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    })
    .map(({ key }) => key);

export type TimedThumbnail = { key: string; startMs: number; endMs: number };

/** The ordered keys with their times over a recording of durationMs (see the module comment). */
export const thumbnailTimeline = (orderedKeys: readonly string[], durationMs: number): TimedThumbnail[] => {
  const n = orderedKeys.length;
  const duration = Math.max(0, Math.floor(durationMs));
  return orderedKeys.map((key, i) => ({
    key,
    startMs: Math.floor((i * duration) / n),
    endMs: Math.floor(((i + 1) * duration) / n),
  }));
};
