import { describe, expect, it } from 'vitest';
import { mediaBaseUrlFor, playbackSettings } from './playback-settings';

const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n';
const env = {
  PLAYBACK_DOMAIN: 'd111.cloudfront.net',
  PLAYBACK_KEY_PAIR_ID: 'K2JCJMDEHXQW5F',
  PLAYBACK_PRIVATE_KEY: PEM,
  IVS_RECORDINGS_BUCKET: 'recordings',
};

describe('playbackSettings', () => {
  it('given the deployed environment, when parsed, then media is fetched over HTTPS from the domain', () => {
    expect(playbackSettings(env)).toEqual({
      mediaBaseUrl: 'https://d111.cloudfront.net',
      keyPairId: 'K2JCJMDEHXQW5F',
      privateKey: PEM.trim(),
      bucket: 'recordings',
    });
  });

  it('given a domain with a scheme (the local stack), when parsed, then it is used as is, without a trailing slash', () => {
    expect(mediaBaseUrlFor('http://127.0.0.1:4566/bucket/')).toBe('http://127.0.0.1:4566/bucket');
  });

  it('given a missing or empty setting, or a key that is not PEM, when parsed, then the error names it', () => {
    expect(() => playbackSettings({ ...env, PLAYBACK_DOMAIN: '' })).toThrow(
      'playback is off: PLAYBACK_DOMAIN is not set',
    );
    expect(() => playbackSettings({ ...env, PLAYBACK_KEY_PAIR_ID: undefined })).toThrow('PLAYBACK_KEY_PAIR_ID');
    expect(() => playbackSettings({ ...env, PLAYBACK_PRIVATE_KEY: 'secret' })).toThrow('not a PEM private key');
  });
});
