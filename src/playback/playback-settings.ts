/**
 * The Playback function's settings: the names of its environment variables, defined once
 * (the backend sets them, the handler and the local stack read them), and their parser.
 */
import { RECORDINGS_BUCKET_ENV } from '../recordings-bucket/bucket-name';

/** The CloudFront distribution's domain, no scheme (`d111111abcdef8.cloudfront.net`). */
export const PLAYBACK_DOMAIN = 'PLAYBACK_DOMAIN';
/** The id of the CloudFront public key whose private key signs (key group member). */
export const PLAYBACK_KEY_PAIR_ID = 'PLAYBACK_KEY_PAIR_ID';
/** The private key (PEM), an Amplify secret: resolved into the environment at cold start, read at run time. */
export const PLAYBACK_PRIVATE_KEY = 'PLAYBACK_PRIVATE_KEY';
/** The recordings bucket, whose `ivs/` prefix the function may list. */
export const PLAYBACK_BUCKET = RECORDINGS_BUCKET_ENV;

/** How long the signed access lasts: a long recording watched in one sitting. */
export const PLAYBACK_ACCESS_SECONDS = 4 * 60 * 60;

export type PlaybackSettings = {
  /**
   * Where viewers fetch the media from, without a trailing slash: `https://<PLAYBACK_DOMAIN>`.
   * A PLAYBACK_DOMAIN with a scheme is taken as is: the local stack serves its store over
   * plain HTTP at `http://127.0.0.1:<port>/<bucket>`.
   */
  mediaBaseUrl: string;
  keyPairId: string;
  privateKey: string;
  bucket: string;
};

export class PlaybackSettingsError extends Error {
  override readonly name = 'PlaybackSettingsError';
}

const required = (env: Record<string, string | undefined>, name: string): string => {
  const value = env[name]?.trim();
  if (!value) throw new PlaybackSettingsError(`${name} is not set`);
  return value;
};

/** The base URL media is fetched from, for a PLAYBACK_DOMAIN (see PlaybackSettings.mediaBaseUrl). */
export const mediaBaseUrlFor = (domain: string): string => {
  const base = /^https?:\/\//.test(domain) ? domain : `https://${domain}`;
  return base.replace(/\/+$/, '');
};

/** Read at run time: the secret is in the environment only once Amplify's cold start resolved it. */
export const playbackSettings = (env: Record<string, string | undefined>): PlaybackSettings => {
  const domain = env[PLAYBACK_DOMAIN]?.trim();
  // The backend leaves it empty when it has no distribution (no PLAYBACK_PUBLIC_KEY at synthesis).
  if (!domain) throw new PlaybackSettingsError(`playback is off: ${PLAYBACK_DOMAIN} is not set (no distribution)`);
  const privateKey = required(env, PLAYBACK_PRIVATE_KEY);
  if (!privateKey.includes('PRIVATE KEY-----')) {
    throw new PlaybackSettingsError(`${PLAYBACK_PRIVATE_KEY} is not a PEM private key`);
  }
  return {
    mediaBaseUrl: mediaBaseUrlFor(domain),
    keyPairId: required(env, PLAYBACK_KEY_PAIR_ID),
    privateKey,
    bucket: required(env, PLAYBACK_BUCKET),
  };
};
