// The local store's check of CloudFront signed access against what the Playback function signs
// (the real @aws-sdk/cloudfront-signer): accepted as made, refused when tampered with, expired,
// for another prefix, or made with another key.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { recordingResource } from '../../playback/media-urls';
import { customPolicy, signPolicy } from '../../playback/signing-policy';
import { resourceMatches, verifyViewerAccess } from './cloudfront-viewer-access';

const pair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};
const ours = pair();
const theirs = pair();
const KEY_ID = 'KLOCALTESTKEY1';
const keys = { [KEY_ID]: ours.publicKey };
const BASE = 'http://127.0.0.1:4566/bucket';
const PREFIX = 'ivs/v1/123456789012/chan/2026/11/30/9/46/rec1';
const NOW = 1_800_000_000;
const expiring = NOW + 3600;

const signed = (options: { prefix?: string; expires?: number; privateKey?: string } = {}) =>
  signPolicy(customPolicy(recordingResource(BASE, options.prefix ?? PREFIX), options.expires ?? expiring), {
    keyPairId: KEY_ID,
    privateKey: options.privateKey ?? ours.privateKey,
  });

const url = (key: string, query: string) => new URL(`${BASE}/${key}?${query}`);

describe('verifyViewerAccess', () => {
  it('given the signed query string, when a segment of the recording is requested, then it is accepted', () => {
    const access = signed();

    expect(verifyViewerAccess({ url: url(`${PREFIX}/media/hls/720p/0.ts`, access.query) }, keys, NOW)).toEqual({
      ok: true,
    });
  });

  it('given the signed cookies, when the master playlist is requested, then it is accepted', () => {
    const access = signed();
    const cookie = access.cookies.map((c) => `${c.name}=${c.value}`).join('; ');

    const result = verifyViewerAccess({ url: new URL(`${BASE}/${PREFIX}/media/hls/master.m3u8`), cookie }, keys, NOW);

    expect(result).toEqual({ ok: true });
  });

  it('given no signature, when an object is requested, then it is refused', () => {
    expect(verifyViewerAccess({ url: new URL(`${BASE}/${PREFIX}/media/hls/master.m3u8`) }, keys, NOW).ok).toBe(false);
  });

  it('given a tampered policy (a later expiry), when used, then the signature no longer matches', () => {
    const access = signed();
    const params = new URLSearchParams(access.query);
    const policy = JSON.parse(
      Buffer.from(params.get('Policy')!.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/'), 'base64').toString(),
    );
    policy.Statement[0].Condition.DateLessThan['AWS:EpochTime'] = expiring + 86_400;
    params.set(
      'Policy',
      Buffer.from(JSON.stringify(policy)).toString('base64').replace(/\+/g, '-').replace(/=/g, '_').replace(/\//g, '~'),
    );

    const result = verifyViewerAccess({ url: url(`${PREFIX}/media/hls/master.m3u8`, params.toString()) }, keys, NOW);

    expect(result).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('given an expired policy, when used, then it is refused', () => {
    const access = signed({ expires: NOW - 1 });

    const result = verifyViewerAccess({ url: url(`${PREFIX}/media/hls/master.m3u8`, access.query) }, keys, NOW);

    expect(result).toEqual({ ok: false, reason: 'the policy has expired' });
  });

  it("given access to one recording, when another recording's object is requested, then it is refused", () => {
    const access = signed();

    const other = url('ivs/v1/123456789012/chan/2026/11/30/9/46/rec2/media/hls/master.m3u8', access.query);
    const sibling = url(`${PREFIX}0/media/hls/master.m3u8`, access.query);

    expect(verifyViewerAccess({ url: other }, keys, NOW)).toEqual({
      ok: false,
      reason: 'the policy does not cover this URL',
    });
    expect(verifyViewerAccess({ url: sibling }, keys, NOW).ok).toBe(false);
  });

  it('given a policy signed with another private key, when used with our key pair id, then it is refused', () => {
    const access = signed({ privateKey: theirs.privateKey });

    const result = verifyViewerAccess({ url: url(`${PREFIX}/media/hls/master.m3u8`, access.query) }, keys, NOW);

    expect(result).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('given an unknown key pair id, when used, then it is refused', () => {
    const access = signed();
    const query = access.query.replace(KEY_ID, 'KSOMEONEELSE00');

    expect(verifyViewerAccess({ url: url(`${PREFIX}/a.jpg`, query) }, keys, NOW).ok).toBe(false);
  });
});

describe('resourceMatches', () => {
  it('given wildcards, when matched, then * is any run of characters, ? one, and the rest literal', () => {
    expect(resourceMatches('https://d/a/*', 'https://d/a/b/c.ts')).toBe(true);
    expect(resourceMatches('https://d/a/*', 'https://d/ab/c.ts')).toBe(false);
    expect(resourceMatches('https://d/a/?.ts', 'https://d/a/1.ts')).toBe(true);
    expect(resourceMatches('https://d/a.b/*', 'https://d/aXb/c')).toBe(false);
  });
});
