import { describe, expect, it } from 'vitest';
import { endFileOfKey, parseRecordingEndFile, type RecordingEndFile } from './end-file';
import ended from './fixtures/recording/events/recording-ended.json';
import failed from './fixtures/recording/events/recording-failed.json';
import started from './fixtures/recording/events/recording-started.json';

const PREFIX = 'ivs/v1/123456789012/DemoChannel1/2026/11/23/20/12/q8Z9O91ndcVs';
const HLS = `${PREFIX}/media/hls`;

const parsed = (json: unknown, prefix = PREFIX): RecordingEndFile => {
  const result = parseRecordingEndFile(JSON.stringify(json), prefix);
  if (!result.ok) throw new Error(result.why);
  return result.file;
};

const refused = (json: unknown): string => {
  const result = parseRecordingEndFile(typeof json === 'string' ? json : JSON.stringify(json), PREFIX);
  if (result.ok) throw new Error('parsed');
  return result.why;
};

describe('given the end file of a recording that ended', () => {
  it('when parsed then every media key is the prefix joined with the paths the file gives', () => {
    const file = parsed(ended);
    expect(file.metadata).toEqual({
      status: 'RECORDING_ENDED',
      channelArn: 'arn:aws:ivs:us-east-1:123456789012:channel/DemoChannel1',
      message: '',
      startedAt: '2026-11-23T20:12:04.000Z',
      endedAt: '2026-11-23T20:12:08.000Z',
      durationMs: 4000,
    });
    expect(file.media).toEqual({
      recordingStatusMessage: null,
      masterPlaylistKey: `${HLS}/master.m3u8`,
      byteRangePlaylistKey: `${HLS}/byte-range-multivariant.m3u8`,
      renditions: [
        {
          path: `${HLS}/360p30`,
          playlistKey: `${HLS}/360p30/playlist.m3u8`,
          byteRangePlaylistKey: `${HLS}/360p30/byte-range-variant.m3u8`,
          width: 640,
          height: 360,
        },
        {
          path: `${HLS}/160p30`,
          playlistKey: `${HLS}/160p30/playlist.m3u8`,
          byteRangePlaylistKey: `${HLS}/160p30/byte-range-variant.m3u8`,
          width: 284,
          height: 160,
        },
      ],
      thumbnailsPath: `${PREFIX}/media/thumbnails`,
      latestThumbnailKey: `${PREFIX}/media/latest_thumbnail/thumb.jpg`,
      mediaDurationMs: 4000,
    });
  });

  it('when its paths differ from the usual layout then the keys follow the file, not an assumption', () => {
    const moved = structuredClone(ended);
    moved.media.hls.path = 'elsewhere/hls-v2/';
    moved.media.hls.playlist = 'index.m3u8';
    moved.media.hls.renditions[0]!.path = 'hd';
    moved.media.thumbnails.path = 'stills';
    const file = parsed(moved, `${PREFIX}/`);
    expect(file.media.masterPlaylistKey).toBe(`${PREFIX}/elsewhere/hls-v2/index.m3u8`);
    expect(file.media.renditions?.[0]?.playlistKey).toBe(`${PREFIX}/elsewhere/hls-v2/hd/playlist.m3u8`);
    expect(file.media.thumbnailsPath).toBe(`${PREFIX}/stills`);
  });

  it('when it has no thumbnails then the thumbnail fields are empty and the rest is indexed', () => {
    const bare = structuredClone(ended) as { media: Record<string, unknown> };
    delete bare.media.thumbnails;
    delete bare.media.latest_thumbnail;
    const { media } = parsed(bare);
    expect(media).toMatchObject({ thumbnailsPath: null, latestThumbnailKey: null });
    expect(media.masterPlaylistKey).toBe(`${HLS}/master.m3u8`);
  });
});

describe('given the end file of a recording that failed', () => {
  it('when it has no byte_range_playlist then those keys are empty and the message is kept', () => {
    const file = parsed(failed);
    expect(file.metadata.status).toBe('RECORDING_ENDED_WITH_FAILURE');
    expect(file.media).toMatchObject({
      recordingStatusMessage: 'InternalServerException',
      masterPlaylistKey: `${HLS}/master.m3u8`,
      byteRangePlaylistKey: null,
      thumbnailsPath: null,
      latestThumbnailKey: `${PREFIX}/media/latest_thumbnail/thumb.jpg`,
    });
    expect(file.media.renditions?.map((r) => r.byteRangePlaylistKey)).toEqual([null, null]);
  });

  it('when it has no HLS media at all then it is indexed with no playlist', () => {
    const noMedia = { ...structuredClone(failed), media: {} };
    expect(parsed(noMedia).media).toMatchObject({ masterPlaylistKey: null, renditions: [], mediaDurationMs: null });
  });
});

describe('given bad input', () => {
  it.each([
    ['not JSON', '{', /^not JSON/],
    ['a started file', started, /has not ended/],
    ['an ended file without media.hls', { ...ended, media: {} }, /^media\.hls\.duration_ms missing$/],
    [
      'a path escaping the prefix',
      { ...ended, media: { ...ended.media, hls: { ...ended.media.hls, path: '../x' } } },
      /media\.hls\.path is not a relative path/,
    ],
    [
      'an absolute path',
      { ...ended, media: { ...ended.media, thumbnails: { path: '/media/thumbnails' } } },
      /media\.thumbnails\.path is not a relative path/,
    ],
    [
      'a rendition without playlist',
      { ...ended, media: { ...ended.media, hls: { ...ended.media.hls, renditions: [{ path: '160p30' }] } } },
      /media\.hls\.renditions\[0\]\.playlist is not a path/,
    ],
    [
      'renditions not a list',
      { ...ended, media: { ...ended.media, hls: { ...ended.media.hls, renditions: {} } } },
      /renditions is not a list/,
    ],
    [
      'a bad resolution',
      {
        ...ended,
        media: {
          ...ended.media,
          hls: { ...ended.media.hls, renditions: [{ ...ended.media.hls.renditions[0], resolution_width: -1 }] },
        },
      },
      /resolution_width is not a pixel size/,
    ],
  ])('when it is %s then it is refused with the reason', (_name, input, why) => {
    expect(refused(input)).toMatch(why);
  });
});

describe('given S3 keys', () => {
  it('when a key is an end file then its recording prefix and file come out, else null', () => {
    expect(endFileOfKey(`${PREFIX}/events/recording-ended.json`)).toEqual({
      prefix: PREFIX,
      file: 'events/recording-ended.json',
    });
    expect(endFileOfKey(`${PREFIX}/events/recording-failed.json`)).toEqual({
      prefix: PREFIX,
      file: 'events/recording-failed.json',
    });
    expect(endFileOfKey(`${PREFIX}/events/recording-started.json`)).toBeNull();
    expect(endFileOfKey('events/recording-ended.json')).toBeNull();
  });
});
