import { describe, expect, it } from 'vitest';
import { LruMap } from './lru-map';

describe('given a bounded LRU map', () => {
  it('when more keys than the bound are set then the least recently used (read or written) goes first', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.get('a')).toBe(1); // a is now more recent than b
    map.set('c', 3);
    expect([map.get('a'), map.get('b'), map.get('c')]).toEqual([1, undefined, 3]);
    expect(map.size).toBe(2);
  });

  it('when the bound is 0 then nothing is kept', () => {
    const map = new LruMap<string, number>(0);
    map.set('a', 1);
    expect([map.get('a'), map.size]).toEqual([undefined, 0]);
  });

  it('when the bound is not a non-negative integer then it is refused', () => {
    expect(() => new LruMap(-1)).toThrow(/non-negative integer/);
    expect(() => new LruMap(1.5)).toThrow(/non-negative integer/);
  });
});
