/**
 * The recordings media settings, read once at synthesis from the environment (ampx passes no
 * other context): `IVS_RECONNECT_WINDOW_SECONDS=120 npx ampx sandbox`, or the environment
 * variables of an Amplify Hosting branch. Every one has a default that deploys.
 */
import { createPublicKey } from 'node:crypto';
import { maxChannelsPerUser } from '../channels/channel-settings';
import { RECORDINGS_BUCKET_ENV } from '../recordings-bucket/bucket-name';
import { integerSetting, optionalIntegerSetting, SettingError } from './setting-values';

export const RECONNECT_WINDOW_ENV = 'IVS_RECONNECT_WINDOW_SECONDS';
export const THUMBNAIL_INTERVAL_ENV = 'IVS_THUMBNAIL_INTERVAL_SECONDS';
export const PLAYBACK_PUBLIC_KEY_ENV = 'PLAYBACK_PUBLIC_KEY';
export const BACKSTOP_DAYS_ENV = 'IVS_RECORDINGS_BACKSTOP_DAYS';

export type RecordingsBucketSetting =
  /**
   * The backend creates the bucket (its name is CloudFormation's), with its lifecycle rules:
   * objects under the recordings prefix expire this many days after they were written (the
   * backstop of retention), or never when null.
   */
  | { kind: 'created'; backstopExpirationDays: number | null }
  /** A bucket that already exists, in the backend's region, imported by name. */
  | { kind: 'existing'; name: string };

export type PlaybackSetting =
  | { kind: 'enabled'; publicKeyPem: string }
  /** No public key given: no distribution, and the playback query says why. */
  | { kind: 'disabled'; reason: string };

export type MediaSettings = {
  bucket: RecordingsBucketSetting;
  /** IVS merges a broadcast interrupted for at most this long into one recording (0 to 300). */
  reconnectWindowSeconds: number;
  /** Target interval of the recorded thumbnails (1 to 60; IVS does not guarantee it). */
  thumbnailIntervalSeconds: number;
  maxChannelsPerUser: number;
  playback: PlaybackSetting;
};

// S3's rules for new bucket names: 3-63 of lowercase letters, digits, dots and hyphens,
// starting and ending with a letter or digit.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

const bucketSetting = (env: NodeJS.ProcessEnv): RecordingsBucketSetting => {
  const name = env[RECORDINGS_BUCKET_ENV]?.trim();
  const backstopExpirationDays = optionalIntegerSetting(env, BACKSTOP_DAYS_ENV, {
    min: 1,
    max: 36_500,
    unset: 'no expiration',
  });
  if (!name) return { kind: 'created', backstopExpirationDays };
  if (!BUCKET_NAME.test(name) || name.includes('..')) {
    throw new SettingError(`${RECORDINGS_BUCKET_ENV} must be an S3 bucket name (3-63 of a-z 0-9 . -), got "${name}"`);
  }
  // CloudFormation cannot add rules to a bucket it did not create: ignoring the setting would hide that.
  if (backstopExpirationDays !== null) {
    throw new SettingError(
      `${BACKSTOP_DAYS_ENV} applies only to the bucket the backend creates; with ${RECORDINGS_BUCKET_ENV}="${name}" add the expiration rule to that bucket yourself (see the README, "Recordings lifecycle backstop")`,
    );
  }
  return { kind: 'existing', name };
};

export const PLAYBACK_DISABLED_REASON = `playback is off: the backend was deployed without ${PLAYBACK_PUBLIC_KEY_ENV} (see the README, "Playback keys")`;

/**
 * CloudFront accepts an RSA 2048-bit public key in PEM. Hosting consoles keep a variable on one
 * line, so `\n` written as two characters is read as a line break.
 */
const playbackSetting = (env: NodeJS.ProcessEnv): PlaybackSetting => {
  const raw = env[PLAYBACK_PUBLIC_KEY_ENV]?.trim();
  if (!raw) return { kind: 'disabled', reason: PLAYBACK_DISABLED_REASON };
  const pem = `${raw.replaceAll('\\n', '\n').trim()}\n`;
  let key: ReturnType<typeof createPublicKey>;
  try {
    if (!pem.startsWith('-----BEGIN PUBLIC KEY-----')) throw new Error('no "-----BEGIN PUBLIC KEY-----" line');
    key = createPublicKey(pem);
  } catch (error) {
    throw new SettingError(
      `${PLAYBACK_PUBLIC_KEY_ENV} must be a PEM public key (openssl rsa -pubout), not read: ${(error as Error).message}`,
    );
  }
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType !== 'rsa' || details?.modulusLength !== 2048) {
    throw new SettingError(
      `${PLAYBACK_PUBLIC_KEY_ENV} must be an RSA 2048-bit key (CloudFront accepts no other), got ${key.asymmetricKeyType} ${details?.modulusLength ?? ''}`.trim(),
    );
  }
  return { kind: 'enabled', publicKeyPem: pem };
};

/** All the media settings, or a SettingError naming the first bad one. */
export const mediaSettings = (env: NodeJS.ProcessEnv): MediaSettings => ({
  bucket: bucketSetting(env),
  reconnectWindowSeconds: integerSetting(env, RECONNECT_WINDOW_ENV, { default: 60, min: 0, max: 300 }),
  thumbnailIntervalSeconds: integerSetting(env, THUMBNAIL_INTERVAL_ENV, { default: 10, min: 1, max: 60 }),
  maxChannelsPerUser: maxChannelsPerUser(env),
  playback: playbackSetting(env),
});
