import { describe, expect, it } from 'vitest';
import { formatDate, formatDuration, formatTime } from './record-format';

describe('given durations in milliseconds', () => {
  it.each([
    [1_834_000, '30m 34s'],
    [3_725_400, '1h 02m 05s'],
    [45_000, '45s'],
    [499, '0s'],
    [0, '0s'],
  ])('when %d is formatted then it reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([[null], [undefined], [-1], [Number.NaN]])('when the duration is %s then a dash shows', (ms) => {
    expect(formatDuration(ms)).toBe('—');
  });
});

describe('given timestamps', () => {
  it('when an ISO time is formatted then it reads in UTC to the second', () => {
    expect(formatTime('2026-11-23T20:12:05.123Z')).toBe('2026-11-23 20:12:05 UTC');
  });

  it('when the time is missing or unreadable then a dash or the text itself shows', () => {
    expect(formatTime(null)).toBe('—');
    expect(formatTime('not a time')).toBe('not a time');
  });
});

describe('given dates', () => {
  it('when an ISO time is formatted as a date then it reads as its UTC day', () => {
    expect(formatDate('2026-12-30T23:59:59.999Z')).toBe('2026-12-30');
    expect(formatDate('2026-12-31T00:30:00+02:00')).toBe('2026-12-30');
  });

  it('when the time is missing or unreadable then a dash or the text itself shows', () => {
    expect(formatDate(undefined)).toBe('—');
    expect(formatDate('soon')).toBe('soon');
  });
});
