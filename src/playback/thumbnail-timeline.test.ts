import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderThumbnailKeys, thumbnailTimeline } from './thumbnail-timeline';

const P = 'ivs/v1/123456789012/AbCd/2026/11/30/9/46/rec/media/thumbnails';

describe('orderThumbnailKeys', () => {
  it('given keys in S3 listing order, when ordered, then thumb2 comes before thumb10 and non-images are dropped', () => {
    const listed = [`${P}/thumb0.jpg`, `${P}/thumb1.jpg`, `${P}/thumb10.jpg`, `${P}/thumb2.jpg`, `${P}/notes.txt`];

    expect(orderThumbnailKeys(listed)).toEqual([
      `${P}/thumb0.jpg`,
      `${P}/thumb1.jpg`,
      `${P}/thumb2.jpg`,
      `${P}/thumb10.jpg`,
    ]);
  });

  it('given an image without a number, when ordered, then it comes after the numbered ones', () => {
    expect(orderThumbnailKeys([`${P}/cover.jpg`, `${P}/thumb3.jpg`])).toEqual([`${P}/thumb3.jpg`, `${P}/cover.jpg`]);
  });
});

describe('thumbnailTimeline', () => {
  it('given 4 thumbnails over 35 s, when timed, then each covers a quarter, from 0 to the duration', () => {
    const keys = ['a0.jpg', 'a1.jpg', 'a2.jpg', 'a3.jpg'];

    expect(thumbnailTimeline(keys, 35_000)).toEqual([
      { key: 'a0.jpg', startMs: 0, endMs: 8750 },
      { key: 'a1.jpg', startMs: 8750, endMs: 17_500 },
      { key: 'a2.jpg', startMs: 17_500, endMs: 26_250 },
      { key: 'a3.jpg', startMs: 26_250, endMs: 35_000 },
    ]);
  });

  it('given the configured interval differs from what IVS wrote, when timed, then the times follow the objects, not the interval', () => {
    // A 10 s interval was configured, but IVS wrote 3 thumbnails for 40 s of media.
    const times = thumbnailTimeline(['t0.jpg', 't1.jpg', 't2.jpg'], 40_000).map((t) => t.startMs);

    expect(times).toEqual([0, 13_333, 26_666]);
  });

  it('given any count and duration, when timed, then the tiles start at 0, end at the duration, and neither overlap nor leave gaps', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 86_400_000 }), (n, duration) => {
        const tiles = thumbnailTimeline(
          Array.from({ length: n }, (_, i) => `t${i}.jpg`),
          duration,
        );
        expect(tiles[0]!.startMs).toBe(0);
        expect(tiles.at(-1)!.endMs).toBe(duration);
        for (let i = 1; i < n; i += 1) expect(tiles[i]!.startMs).toBe(tiles[i - 1]!.endMs);
        for (const tile of tiles) expect(tile.endMs).toBeGreaterThanOrEqual(tile.startMs);
      }),
    );
  });
});
