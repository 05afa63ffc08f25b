import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { playbackFor, PlaybackUnauthorizedError, type PlaybackDeps, type PlaybackRecording } from './playback';
import { PLAYBACK_ACCESS_SECONDS, type PlaybackSettings } from './playback-settings';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const settings: PlaybackSettings = {
  mediaBaseUrl: 'https://d111.cloudfront.net',
  keyPairId: 'KTESTKEYPAIR01',
  privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  bucket: 'recordings',
};
const PREFIX = 'ivs/v1/123456789012/chan/2026/11/30/9/46/rec1';
const alice = { sub: 'alice-sub', username: 'alice-sub' };
const bob = { sub: 'bob-sub', username: 'bob-sub' };
const NOW = Date.UTC(2026, 10, 30, 10, 0, 0);

const completed: PlaybackRecording = {
  id: 'rec-1',
  owner: 'alice-sub::alice-sub',
  s3BucketName: 'recordings',
  recordingStatus: 'COMPLETED',
  recordingStatusReason: null,
  recordingStatusMessage: null,
  s3KeyPrefix: PREFIX,
  masterPlaylistKey: `${PREFIX}/media/hls/master.m3u8`,
  thumbnailsPath: `${PREFIX}/media/thumbnails`,
  latestThumbnailKey: null,
  mediaDurationMs: 30_000,
  mediaIndexedAt: '2026-11-30T09:50:00.000Z',
};

const thumbnailKeys = ['thumb1.jpg', 'thumb0.jpg', 'thumb2.jpg'].map((name) => `${PREFIX}/media/thumbnails/${name}`);

const deps = (recording: PlaybackRecording | null, listed: string[] = thumbnailKeys) => {
  const listedPrefixes: string[] = [];
  const d: PlaybackDeps = {
    settings,
    findRecording: async (id) => (recording && recording.id === id ? recording : null),
    listKeys: async (prefix) => {
      listedPrefixes.push(prefix);
      return listed.filter((key) => key.startsWith(prefix));
    },
    now: NOW,
  };
  return { deps: d, listedPrefixes };
};

describe('playbackFor', () => {
  it('given the owner and a completed, indexed recording, when asked, then every URL is signed for the prefix and the thumbnails are in order with their times', async () => {
    const { deps: d, listedPrefixes } = deps(completed);

    const answer = await playbackFor({ recordingId: 'rec-1', caller: alice }, d);

    expect(answer.status).toBe('READY');
    expect(answer.masterPlaylistUrl).toBe(`https://d111.cloudfront.net/${PREFIX}/media/hls/master.m3u8`);
    expect(answer.signedQuery).toMatch(/^Policy=[\w~-]+&Signature=[\w~-]+&Key-Pair-Id=KTESTKEYPAIR01$/);
    const policy = JSON.parse(
      Buffer.from(
        new URLSearchParams(answer.signedQuery!)
          .get('Policy')!
          .replace(/-/g, '+')
          .replace(/_/g, '=')
          .replace(/~/g, '/'),
        'base64',
      ).toString(),
    );
    expect(policy.Statement[0].Resource).toBe(`https://d111.cloudfront.net/${PREFIX}/*`);
    expect(policy.Statement[0].Condition.DateLessThan['AWS:EpochTime']).toBe(NOW / 1000 + PLAYBACK_ACCESS_SECONDS);
    expect(answer.expiresAt).toBe(new Date(NOW + PLAYBACK_ACCESS_SECONDS * 1000).toISOString());
    expect(answer.cookies?.map((c) => c.name)).toEqual([
      'CloudFront-Policy',
      'CloudFront-Signature',
      'CloudFront-Key-Pair-Id',
    ]);
    expect(answer.cookiePath).toBe(`/${PREFIX}/`);
    expect(listedPrefixes).toEqual([`${PREFIX}/media/thumbnails/`]);
    expect(answer.thumbnails?.map((t) => [t.url.split('?')[0]!.split('/').pop(), t.startMs, t.endMs])).toEqual([
      ['thumb0.jpg', 0, 10_000],
      ['thumb1.jpg', 10_000, 20_000],
      ['thumb2.jpg', 20_000, 30_000],
    ]);
    expect(answer.thumbnails?.every((t) => t.url.endsWith(`?${answer.signedQuery}`))).toBe(true);
    // No latest thumbnail: the first one is the poster.
    expect(answer.posterUrl).toBe(answer.thumbnails?.[0]?.url);
    expect(answer.storyboardVtt).toContain(`00:00:10.000 --> 00:00:20.000\n${answer.thumbnails?.[1]?.url}`);
    expect(answer.durationMs).toBe(30_000);
  });

  it('given a latest thumbnail, when asked, then it is the poster', async () => {
    const latest = `${PREFIX}/media/latest_thumbnail/thumb.jpg`;

    const answer = await playbackFor(
      { recordingId: 'rec-1', caller: alice },
      deps({ ...completed, latestThumbnailKey: latest }).deps,
    );

    expect(answer.posterUrl).toBe(`https://d111.cloudfront.net/${latest}?${answer.signedQuery}`);
  });

  it('given an owner stored as the username only, when the owner asks, then she is the owner', async () => {
    const answer = await playbackFor(
      { recordingId: 'rec-1', caller: alice },
      deps({ ...completed, owner: 'alice-sub' }).deps,
    );

    expect(answer.status).toBe('READY');
  });

  it('given another user, when he asks, then he is refused as unauthorized and nothing is listed', async () => {
    const { deps: d, listedPrefixes } = deps(completed);

    await expect(playbackFor({ recordingId: 'rec-1', caller: bob }, d)).rejects.toBeInstanceOf(
      PlaybackUnauthorizedError,
    );
    expect(listedPrefixes).toEqual([]);
  });

  it('given no caller identity or an unknown recording, when asked, then the same refusal comes back', async () => {
    await expect(playbackFor({ recordingId: 'rec-1', caller: null }, deps(completed).deps)).rejects.toThrow(
      /^Unauthorized/,
    );
    await expect(playbackFor({ recordingId: 'nope', caller: alice }, deps(completed).deps)).rejects.toThrow(
      /^Unauthorized/,
    );
  });

  it('given a recording still STARTED, or COMPLETED but not indexed, when asked, then it is NOT_READY with a reason', async () => {
    const started = await playbackFor(
      { recordingId: 'rec-1', caller: alice },
      deps({ ...completed, recordingStatus: 'STARTED', mediaIndexedAt: null, masterPlaylistKey: null }).deps,
    );
    const notIndexed = await playbackFor(
      { recordingId: 'rec-1', caller: alice },
      deps({ ...completed, mediaIndexedAt: null }).deps,
    );
    const noPlaylist = await playbackFor(
      { recordingId: 'rec-1', caller: alice },
      deps({ ...completed, masterPlaylistKey: null }).deps,
    );

    expect(noPlaylist).toMatchObject({ status: 'NOT_READY', masterPlaylistUrl: null });
    expect(started).toMatchObject({ status: 'NOT_READY', masterPlaylistUrl: null, signedQuery: null });
    expect(started.reason).toMatch(/in progress/);
    expect(notIndexed).toMatchObject({ status: 'NOT_READY', masterPlaylistUrl: null });
    expect(notIndexed.reason).toMatch(/not indexed/);
  });

  it('given a FAILED recording, when asked, then its reason comes back and nothing is signed', async () => {
    const answer = await playbackFor(
      { recordingId: 'rec-1', caller: alice },
      deps({ ...completed, recordingStatus: 'FAILED', recordingStatusReason: 'StreamFailure: bad bitrate' }).deps,
    );

    expect(answer).toMatchObject({ status: 'FAILED', reason: 'StreamFailure: bad bitrate', signedQuery: null });
  });

  it('given media outside the recording prefix or in another bucket, when asked, then nothing is signed', async () => {
    const outside = await playbackFor(
      { recordingId: 'rec-1', caller: alice },
      deps({ ...completed, masterPlaylistKey: 'ivs/v1/other/media/hls/master.m3u8' }).deps,
    );
    const elsewhere = await playbackFor(
      { recordingId: 'rec-1', caller: alice },
      deps({ ...completed, s3BucketName: 'someone-elses' }).deps,
    );

    expect(outside).toMatchObject({ status: 'NOT_READY', signedQuery: null });
    expect(elsewhere).toMatchObject({ status: 'NOT_READY', signedQuery: null });
  });
});
