import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { channelSettings } from '../channels/channel-settings';
import { mediaSettings, PLAYBACK_DISABLED_REASON } from './media-settings';
import { SettingError } from './setting-values';

const rsaPublicKey = (modulusLength: number) =>
  generateKeyPairSync('rsa', { modulusLength }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

const errorOf = (env: NodeJS.ProcessEnv): Error => {
  try {
    mediaSettings(env);
  } catch (error) {
    return error as Error;
  }
  throw new Error('no error');
};

describe('given the recordings media settings of a synthesis', () => {
  it('when none is set (or all are empty) then the defaults deploy: a created bucket with no expiration, 60 s, 10 s, 1 channel, playback off with the reason', () => {
    const expected = {
      bucket: { kind: 'created', backstopExpirationDays: null },
      reconnectWindowSeconds: 60,
      thumbnailIntervalSeconds: 10,
      maxChannelsPerUser: 1,
      playback: { kind: 'disabled', reason: PLAYBACK_DISABLED_REASON },
    };
    expect(mediaSettings({})).toEqual(expected);
    expect(
      mediaSettings({
        IVS_RECORDINGS_BUCKET: '',
        IVS_RECORDINGS_BACKSTOP_DAYS: '',
        IVS_RECONNECT_WINDOW_SECONDS: '',
        IVS_THUMBNAIL_INTERVAL_SECONDS: ' ',
        IVS_MAX_CHANNELS_PER_USER: '',
        PLAYBACK_PUBLIC_KEY: '',
      }),
    ).toEqual(expected);
  });

  it('when each is set then it is read as a typed value; a key on one line with \\n written out is the same PEM', () => {
    const pem = rsaPublicKey(2048);
    const settings = mediaSettings({
      IVS_RECORDINGS_BUCKET: 'my.recordings-1',
      IVS_RECONNECT_WINDOW_SECONDS: '300',
      IVS_THUMBNAIL_INTERVAL_SECONDS: '1',
      IVS_MAX_CHANNELS_PER_USER: '0',
      PLAYBACK_PUBLIC_KEY: pem.trim().replaceAll('\n', '\\n'),
    });
    expect(settings).toEqual({
      bucket: { kind: 'existing', name: 'my.recordings-1' },
      reconnectWindowSeconds: 300,
      thumbnailIntervalSeconds: 1,
      maxChannelsPerUser: 0,
      playback: { kind: 'enabled', publicKeyPem: pem },
    });
  });

  it('when IVS_RECORDINGS_BACKSTOP_DAYS is set with a created bucket then objects expire after that many days', () => {
    expect(mediaSettings({ IVS_RECORDINGS_BACKSTOP_DAYS: ' 400 ' }).bucket).toEqual({
      kind: 'created',
      backstopExpirationDays: 400,
    });
  });

  it.each([
    [
      { IVS_RECORDINGS_BACKSTOP_DAYS: '0' },
      'IVS_RECORDINGS_BACKSTOP_DAYS must be a whole number from 1 to 36500 (unset: no expiration), got "0"',
    ],
    [
      { IVS_RECORDINGS_BACKSTOP_DAYS: '30d' },
      'IVS_RECORDINGS_BACKSTOP_DAYS must be a whole number from 1 to 36500 (unset: no expiration), got "30d"',
    ],
    [
      { IVS_RECORDINGS_BUCKET: 'team-recordings', IVS_RECORDINGS_BACKSTOP_DAYS: '400' },
      'IVS_RECORDINGS_BACKSTOP_DAYS applies only to the bucket the backend creates; with IVS_RECORDINGS_BUCKET="team-recordings" add the expiration rule to that bucket yourself (see the README, "Recordings lifecycle backstop")',
    ],
    [
      { IVS_RECONNECT_WINDOW_SECONDS: '301' },
      'IVS_RECONNECT_WINDOW_SECONDS must be a whole number from 0 to 300 (unset: 60), got "301"',
    ],
    [
      { IVS_THUMBNAIL_INTERVAL_SECONDS: '0' },
      'IVS_THUMBNAIL_INTERVAL_SECONDS must be a whole number from 1 to 60 (unset: 10), got "0"',
    ],
    [
      { IVS_THUMBNAIL_INTERVAL_SECONDS: '2.5' },
      'IVS_THUMBNAIL_INTERVAL_SECONDS must be a whole number from 1 to 60 (unset: 10), got "2.5"',
    ],
    [
      { IVS_MAX_CHANNELS_PER_USER: 'two' },
      'IVS_MAX_CHANNELS_PER_USER must be a whole number from 0 to 100 (unset: 1), got "two"',
    ],
    [
      { IVS_RECORDINGS_BUCKET: 'My_Bucket' },
      'IVS_RECORDINGS_BUCKET must be an S3 bucket name (3-63 of a-z 0-9 . -), got "My_Bucket"',
    ],
  ])('when %j then synthesis stops with a SettingError naming the variable and the accepted values', (env, message) => {
    const error = errorOf(env);
    expect(error).toBeInstanceOf(SettingError);
    expect(error.message).toBe(message);
  });

  it('when PLAYBACK_PUBLIC_KEY is not a PEM public key, or not RSA 2048, then synthesis stops saying so', () => {
    expect(errorOf({ PLAYBACK_PUBLIC_KEY: 'ssh-rsa AAAA...' }).message).toMatch(
      /^PLAYBACK_PUBLIC_KEY must be a PEM public key \(openssl rsa -pubout\)/,
    );
    const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    // A private key pasted by mistake is refused too: it must never reach the template.
    expect(errorOf({ PLAYBACK_PUBLIC_KEY: privateKey }).message).toMatch(
      /^PLAYBACK_PUBLIC_KEY must be a PEM public key/,
    );
    expect(errorOf({ PLAYBACK_PUBLIC_KEY: rsaPublicKey(1024) }).message).toBe(
      'PLAYBACK_PUBLIC_KEY must be an RSA 2048-bit key (CloudFront accepts no other), got rsa 1024',
    );
  });
});

describe('given the channel function environment', () => {
  const arn = 'arn:aws:ivs:us-east-1:123456789012:recording-configuration/AbCd1234';

  it('when the recording configuration ARN and the limit are set then they are read', () => {
    expect(channelSettings({ IVS_RECORDING_CONFIGURATION_ARN: arn, IVS_MAX_CHANNELS_PER_USER: '2' })).toEqual({
      recordingConfigurationArn: arn,
      maxChannelsPerUser: 2,
    });
  });

  it('when the ARN is missing or not a recording configuration then the error says what it must be', () => {
    expect(() => channelSettings({})).toThrow(
      /^IVS_RECORDING_CONFIGURATION_ARN must be an IVS recording configuration ARN/,
    );
    expect(() =>
      channelSettings({ IVS_RECORDING_CONFIGURATION_ARN: 'arn:aws:ivs:us-east-1:123456789012:channel/x' }),
    ).toThrow(SettingError);
  });
});
