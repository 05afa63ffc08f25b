/**
 * The HTTP Range header of a GET, as S3 reads it: one range `bytes=a-b`, `bytes=a-` or
 * `bytes=-n` (the last n bytes). Several ranges, or another unit, are ignored (the whole
 * object is sent, as S3 does); a range that starts past the end is unsatisfiable (416).
 */
export type ByteRange = { start: number; end: number } | 'whole' | 'unsatisfiable';

export const byteRange = (header: string | undefined, size: number): ByteRange => {
  if (header === undefined) return 'whole';
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return 'whole';
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return 'whole';
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return 'whole';
  return { start, end };
};
