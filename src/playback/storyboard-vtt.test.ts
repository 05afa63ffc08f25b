import { describe, expect, it } from 'vitest';
import { storyboardVtt, vttTimestamp } from './storyboard-vtt';

describe('storyboardVtt', () => {
  it('given two thumbnails, when the storyboard is built, then it is WebVTT with one cue per thumbnail and its URL', () => {
    const vtt = storyboardVtt([
      { startMs: 0, endMs: 10_000, url: 'https://d.example/p/thumb0.jpg?Policy=a' },
      { startMs: 10_000, endMs: 3_723_004, url: 'https://d.example/p/thumb1.jpg?Policy=a' },
    ]);

    expect(vtt).toBe(
      'WEBVTT\n\n' +
        '00:00:00.000 --> 00:00:10.000\nhttps://d.example/p/thumb0.jpg?Policy=a\n\n' +
        '00:00:10.000 --> 01:02:03.004\nhttps://d.example/p/thumb1.jpg?Policy=a\n',
    );
  });

  it('given a cue of no duration, when the storyboard is built, then it is left out', () => {
    expect(storyboardVtt([{ startMs: 5, endMs: 5, url: 'u' }])).toBe('WEBVTT\n');
  });

  it('given more than a day, when a time is written, then the hours keep counting', () => {
    expect(vttTimestamp(25 * 3_600_000 + 61_001)).toBe('25:01:01.001');
  });
});
