/**
 * Small stand-in media for playback tests, laid out as IVS lays out a recording under its
 * prefix: a master playlist naming one rendition, its playlist and two segments (bytes, not
 * video: the tests fetch them, they do not decode them), three sequential thumbnails and a
 * latest thumbnail (real 32x18 JPEGs, red, green and blue). Written with the stock S3 client;
 * returns the Recording's media fields as the end file's indexing sets them.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

const jpeg = (base64: string) => Buffer.from(base64, 'base64');
/** 32x18 JPEGs of one colour each (ffmpeg's lavfi color source, quality 10). */
export const TEST_THUMBNAILS = {
  red: jpeg(
    '/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU5LjM3LjEwMAD/2wBDAAgUFBcUFxsbGxsbGyAeICEhISAgICAhISEkJCQqKiokJCQhISQkKCgqKi4vLisrKisvLzIyMjw8OTlGRkhWVmf/xABNAAEBAAAAAAAAAAAAAAAAAAAABgEBAQEAAAAAAAAAAAAAAAAAAAYHEAEAAAAAAAAAAAAAAAAAAAAAEQEAAAAAAAAAAAAAAAAAAAAA/8AAEQgAEgAgAwEiAAIRAAMRAP/aAAwDAQACEQMRAD8AiwEo38AAAAAB/9k=',
  ),
  green: jpeg(
    '/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU5LjM3LjEwMAD/2wBDAAgUFBcUFxsbGxsbGyAeICEhISAgICAhISEkJCQqKiokJCQhISQkKCgqKi4vLisrKisvLzIyMjw8OTlGRkhWVmf/xABMAAEBAAAAAAAAAAAAAAAAAAAABgEBAQAAAAAAAAAAAAAAAAAAAAYQAQAAAAAAAAAAAAAAAAAAAAARAQAAAAAAAAAAAAAAAAAAAAD/wAARCAASACADASIAAhEAAxEA/9oADAMBAAIRAxEAPwCLASqJAAAAAAf/2Q==',
  ),
  blue: jpeg(
    '/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU5LjM3LjEwMAD/2wBDAAgUFBcUFxsbGxsbGyAeICEhISAgICAhISEkJCQqKiokJCQhISQkKCgqKi4vLisrKisvLzIyMjw8OTlGRkhWVmf/xABNAAEBAAAAAAAAAAAAAAAAAAAABwEBAQEAAAAAAAAAAAAAAAAAAAUHEAEAAAAAAAAAAAAAAAAAAAAAEQEAAAAAAAAAAAAAAAAAAAAA/8AAEQgAEgAgAwEiAAIRAAMRAP/aAAwDAQACEQMRAD8AjgDf0sAAAAAB/9k=',
  ),
};

export const TEST_MEDIA_DURATION_MS = 6000;

export type TestMediaFields = {
  masterPlaylistKey: string;
  thumbnailsPath: string;
  latestThumbnailKey: string;
  mediaDurationMs: number;
  renditions: { path: string; playlistKey: string; width: number; height: number }[];
};

export type TestMedia = {
  fields: TestMediaFields;
  /** Every object written, by key. */
  objects: Map<string, Buffer>;
  segmentKey: string;
  variantPlaylistKey: string;
};

export const writeTestMedia = async (s3: S3Client, bucket: string, prefix: string): Promise<TestMedia> => {
  const hls = `${prefix}/media/hls`;
  const variantPlaylistKey = `${hls}/160p30/playlist.m3u8`;
  const segment = (n: number) => Buffer.alloc(4096, n + 1);
  const objects = new Map<string, Buffer>([
    [
      `${hls}/master.m3u8`,
      Buffer.from(
        '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=300000,RESOLUTION=284x160,CODECS="avc1.4D401F,mp4a.40.2"\n160p30/playlist.m3u8\n',
      ),
    ],
    [
      variantPlaylistKey,
      Buffer.from(
        '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:3\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n' +
          '#EXTINF:3.000,\n0.ts\n#EXTINF:3.000,\n1.ts\n#EXT-X-ENDLIST\n',
      ),
    ],
    [`${hls}/160p30/0.ts`, segment(0)],
    [`${hls}/160p30/1.ts`, segment(1)],
    [`${prefix}/media/thumbnails/thumb0.jpg`, TEST_THUMBNAILS.red],
    [`${prefix}/media/thumbnails/thumb1.jpg`, TEST_THUMBNAILS.green],
    [`${prefix}/media/thumbnails/thumb2.jpg`, TEST_THUMBNAILS.blue],
    [`${prefix}/media/latest_thumbnail/thumb.jpg`, TEST_THUMBNAILS.blue],
  ]);
  for (const [key, body] of objects) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  return {
    objects,
    segmentKey: `${hls}/160p30/0.ts`,
    variantPlaylistKey,
    fields: {
      masterPlaylistKey: `${hls}/master.m3u8`,
      thumbnailsPath: `${prefix}/media/thumbnails`,
      latestThumbnailKey: `${prefix}/media/latest_thumbnail/thumb.jpg`,
      mediaDurationMs: TEST_MEDIA_DURATION_MS,
      renditions: [{ path: `${hls}/160p30`, playlistKey: variantPlaylistKey, width: 284, height: 160 }],
    },
  };
};
