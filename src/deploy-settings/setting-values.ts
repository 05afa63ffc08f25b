/**
 * Settings given as environment variables (at synthesis, or a function's environment at run
 * time), parsed into typed values. A bad value is a SettingError that names the variable,
 * what it holds and what is accepted, so `npx ampx sandbox` stops with that line.
 */
export class SettingError extends Error {
  override readonly name = 'SettingError';
}

/** Unset or empty: null. Otherwise a whole number in [min, max], or a SettingError saying what unset means. */
export const optionalIntegerSetting = (
  env: NodeJS.ProcessEnv,
  name: string,
  range: { min: number; max: number; unset: string },
): number | null => {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return null;
  const value = /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < range.min || value > range.max) {
    throw new SettingError(
      `${name} must be a whole number from ${range.min} to ${range.max} (unset: ${range.unset}), got "${env[name]}"`,
    );
  }
  return value;
};

/** Unset or empty: the default. Otherwise a whole number in [min, max], or a SettingError. */
export const integerSetting = (
  env: NodeJS.ProcessEnv,
  name: string,
  range: { default: number; min: number; max: number },
): number =>
  optionalIntegerSetting(env, name, { min: range.min, max: range.max, unset: String(range.default) }) ?? range.default;
