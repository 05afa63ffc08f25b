/**
 * Retention's settings. Periods, in whole days: a Profile's `retentionDays` and the backend
 * default `RECORDING_RETENTION_DAYS` (synthesis setting, passed on to the functions that
 * decide expiry); no value: keep forever. And how much one scheduled run deletes. Parsed
 * once at each boundary with a clear error.
 */
import { integerSetting, SettingError } from '../deploy-settings/setting-values';

/** The backend default (unset or empty: keep forever). */
export const RECORDING_RETENTION_DAYS_ENV = 'RECORDING_RETENTION_DAYS';

/** A hundred years: beyond it an expiry date is not a retention period but a typo. */
export const MAX_RETENTION_DAYS = 36_500;

const RANGE = `a whole number of days from 1 to ${MAX_RETENTION_DAYS}`;

/** A positive whole number of days, or null when it is not one (callers word the error). */
const retentionDaysOf = (value: unknown): number | null => {
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) && number >= 1 && number <= MAX_RETENTION_DAYS
    ? number
    : null;
};

/** Input that is not a retention period (createChannel, create-profile). */
export class RetentionDaysError extends Error {
  override readonly name = 'RetentionDaysError';
}

/** An optional input: undefined or null stays unset (the backend default applies). */
export const parseRetentionDays = (value: unknown, name = 'retentionDays'): number | null => {
  if (value === undefined || value === null) return null;
  const days = retentionDaysOf(value);
  if (days === null) throw new RetentionDaysError(`${name} must be ${RANGE}, got ${JSON.stringify(value)}`);
  return days;
};

/** The backend default from an environment: null (keep forever) when unset or empty, else a SettingError for a bad value. */
export const defaultRetentionDays = (env: NodeJS.ProcessEnv): number | null => {
  const raw = env[RECORDING_RETENTION_DAYS_ENV];
  if (raw === undefined || raw.trim() === '') return null;
  const days = retentionDaysOf(raw);
  if (days === null) {
    throw new SettingError(`${RECORDING_RETENTION_DAYS_ENV} must be ${RANGE} (unset: keep forever), got "${raw}"`);
  }
  return days;
};

/** How many expired recordings one scheduled run deletes at most (synthesis setting, passed on to the function). */
export const RETENTION_MAX_PER_RUN_ENV = 'RECORDING_RETENTION_MAX_PER_RUN';

/** A day's expiries of a large fleet, well within one run's 15 minutes, one prefix after the other. */
export const DEFAULT_MAX_RECORDINGS_PER_RUN = 200;

export const maxRecordingsPerRun = (env: NodeJS.ProcessEnv): number =>
  integerSetting(env, RETENTION_MAX_PER_RUN_ENV, { default: DEFAULT_MAX_RECORDINGS_PER_RUN, min: 1, max: 10_000 });
