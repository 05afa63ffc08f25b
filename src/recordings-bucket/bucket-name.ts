/**
 * The S3 bucket IVS auto-record writes to: one name for the backend (synthesis and
 * ReconcileRecordings), the simulator and the scripts.
 */

/** Names the bucket: read at synthesis (`IVS_RECORDINGS_BUCKET=... npx ampx sandbox`) and by the functions. */
export const RECORDINGS_BUCKET_ENV = 'IVS_RECORDINGS_BUCKET';

/** The bucket when none is named: `ivs-recordings-<account>-<region>` (tokens work too). */
export const defaultRecordingsBucketName = (account: string, region: string): string =>
  `ivs-recordings-${account}-${region}`;

/** The bucket named in the environment, else the default for this account and region. */
export const recordingsBucketName = (
  env: Record<string, string | undefined>,
  account: string,
  region: string,
): string => env[RECORDINGS_BUCKET_ENV] || defaultRecordingsBucketName(account, region);
