import { describe, expect, it } from 'vitest';
import { isUnderPrefix, mediaUrl, recordingResource, withSignedQuery } from './media-urls';

describe('media URLs', () => {
  it('given a key, when its URL is built, then it is under the base URL with each segment encoded', () => {
    expect(mediaUrl('https://d1.cloudfront.net', 'ivs/v1/a b/master.m3u8')).toBe(
      'https://d1.cloudfront.net/ivs/v1/a%20b/master.m3u8',
    );
  });

  it('given a recording prefix, when the policy resource is built, then it is the prefix with a wildcard', () => {
    expect(recordingResource('http://127.0.0.1:4566/bucket', 'ivs/v1/1/ch/rec/')).toBe(
      'http://127.0.0.1:4566/bucket/ivs/v1/1/ch/rec/*',
    );
  });

  it('given keys, when checked against the prefix, then only keys inside it are', () => {
    expect(isUnderPrefix('ivs/rec/media/hls/master.m3u8', 'ivs/rec')).toBe(true);
    expect(isUnderPrefix('ivs/rec2/media/hls/master.m3u8', 'ivs/rec')).toBe(false);
    expect(isUnderPrefix('ivs/rec/../other/master.m3u8', 'ivs/rec')).toBe(false);
  });

  it('given a URL, when the signed query is appended, then it joins with ? or &', () => {
    expect(withSignedQuery('https://d/a.jpg', 'Policy=p')).toBe('https://d/a.jpg?Policy=p');
    expect(withSignedQuery('https://d/a.jpg?x=1', 'Policy=p')).toBe('https://d/a.jpg?x=1&Policy=p');
  });
});
