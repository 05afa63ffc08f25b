/** A user pool's password policy (Cognito's default: 8 characters, upper, lower, number, symbol). */
export type PasswordPolicy = {
  minLength: number;
  requireUppercase: boolean;
  requireLowercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
};

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  minLength: 8,
  requireUppercase: true,
  requireLowercase: true,
  requireNumbers: true,
  requireSymbols: true,
};

// The special characters Cognito counts as symbols (the space included).
const SYMBOLS = new Set('^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+- ');

/** The first rule a password breaks, in Cognito's words, or null when it conforms. */
export const brokenPasswordRule = (password: string, policy: PasswordPolicy): string | null =>
  password.length < policy.minLength
    ? 'Password not long enough'
    : policy.requireUppercase && !/[A-Z]/.test(password)
      ? 'Password must have uppercase characters'
      : policy.requireLowercase && !/[a-z]/.test(password)
        ? 'Password must have lowercase characters'
        : policy.requireNumbers && !/[0-9]/.test(password)
          ? 'Password must have numeric characters'
          : policy.requireSymbols && ![...password].some((c) => SYMBOLS.has(c))
            ? 'Password must have symbol characters'
            : null;
