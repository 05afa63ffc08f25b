/** ReconcileRecordings' settings from its environment, checked (pure). */
import { RECORDINGS_BUCKET_ENV } from '../recordings-bucket/bucket-name';
import { defaultRetentionDays } from '../retention/retention-settings';
import { DEFAULT_STALE_AFTER_MS } from './reconcile';

export type ReconcileSettings = {
  /** Only recordings in this bucket are read; undefined: any (local runs). */
  bucketName: string | undefined;
  staleAfterMs: number;
  maxRecords: number;
  /** Our share of IVS's 5 calls/s per account and region (others may call it too). */
  ivsCallsPerSecond: number;
  /** RECORDING_RETENTION_DAYS: the expiry of a recording a repair makes final; null: kept forever. */
  defaultRetentionDays?: number | null;
};

const positive = (env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > max)
    throw new Error(`${name} must be a number in (0, ${max}], got "${raw}"`);
  return value;
};

export const reconcileSettings = (env: NodeJS.ProcessEnv): ReconcileSettings => ({
  bucketName: env[RECORDINGS_BUCKET_ENV] || undefined,
  staleAfterMs: positive(env, 'RECONCILE_STALE_AFTER_MINUTES', DEFAULT_STALE_AFTER_MS / 60_000, 7 * 24 * 60) * 60_000,
  maxRecords: Math.floor(positive(env, 'RECONCILE_MAX_RECORDS', 500, 10_000)),
  ivsCallsPerSecond: positive(env, 'IVS_CALLS_PER_SECOND', 4, 5),
  defaultRetentionDays: defaultRetentionDays(env),
});
