import { describe, expect, it } from 'vitest';
import { clockTime, thumbnailAt } from './playback-view';

const thumbnails = [
  { url: 'a', startMs: 0, endMs: 2000 },
  { url: 'b', startMs: 2000, endMs: 4000 },
  { url: 'c', startMs: 4000, endMs: 6000 },
];

describe('thumbnailAt', () => {
  it('given a time inside a range, when looked up, then that range’s thumbnail comes back (start inclusive, end exclusive)', () => {
    expect(thumbnailAt(thumbnails, 0)?.url).toBe('a');
    expect(thumbnailAt(thumbnails, 1999)?.url).toBe('a');
    expect(thumbnailAt(thumbnails, 2000)?.url).toBe('b');
  });

  it('given the end or past it, when looked up, then the last thumbnail comes back; none for no thumbnails', () => {
    expect(thumbnailAt(thumbnails, 6000)?.url).toBe('c');
    expect(thumbnailAt([], 10)).toBeNull();
  });
});

describe('clockTime', () => {
  it('given times, when written, then m:ss under an hour and h:mm:ss over', () => {
    expect(clockTime(4_999)).toBe('0:04');
    expect(clockTime(3_723_000)).toBe('1:02:03');
  });
});
