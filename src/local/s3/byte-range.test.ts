import { describe, expect, it } from 'vitest';
import { byteRange } from './byte-range';

describe('byteRange', () => {
  it('given no Range header, when read, then the whole object is sent', () => {
    expect(byteRange(undefined, 100)).toBe('whole');
  });

  it('given bytes=a-b, a-, and -n, when read, then the range is clamped to the object', () => {
    expect(byteRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(byteRange('bytes=90-200', 100)).toEqual({ start: 90, end: 99 });
    expect(byteRange('bytes=50-', 100)).toEqual({ start: 50, end: 99 });
    expect(byteRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(byteRange('bytes=-500', 100)).toEqual({ start: 0, end: 99 });
  });

  it('given a range past the end, when read, then it is unsatisfiable', () => {
    expect(byteRange('bytes=100-', 100)).toBe('unsatisfiable');
  });

  it('given several ranges or another unit, when read, then the whole object is sent, as S3 does', () => {
    expect(byteRange('bytes=0-1,5-6', 100)).toBe('whole');
    expect(byteRange('items=0-1', 100)).toBe('whole');
  });
});
