/**
 * Patch: user pool tokens are verified, not just decoded.
 *
 * In 2.16.x `getAuthorizationMode` takes any JWT whose `iss` starts with
 * `https://cognito-idp.` as a user pool token, never checking its signature, audience or
 * expiry (anyone who can reach the port can claim any user). Here a bearer token is a user
 * pool token only when the check the API was started with (`USER_POOL_TOKEN_CHECK` on its
 * appSync config: the local user pool's signature, issuer, audience and expiry check) says
 * so; otherwise the request gets the simulator's 401 with the reason. No check configured:
 * every token is refused. The HTTP endpoint and the realtime (WebSocket) endpoint share
 * this function, so both are covered.
 */
import { requireSimulator, SIMULATOR, wrapMethod } from './simulator-modules';

export type UserPoolTokenCheck = (token: string) => { valid: true } | { valid: false; reason: string };

/** Where the API's token check rides on the simulator's appSync config (copied with its other fields). */
export const USER_POOL_TOKEN_CHECK = Symbol.for('local-data-api.user-pool-token-check');

type Headers = Record<string, string | string[] | undefined>;
type AppSyncConfig = {
  defaultAuthenticationType: { authenticationType: string };
  additionalAuthenticationProviders: { authenticationType: string }[];
  [USER_POOL_TOKEN_CHECK]?: UserPoolTokenCheck;
};
type GetAuthorizationMode = (headers: Headers, config: AppSyncConfig) => string;

const header = (headers: Headers, name: string): string | undefined => {
  const key = Object.keys(headers).find((h) => h.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value[0] : value;
};

const USER_POOLS = 'AMAZON_COGNITO_USER_POOLS';

export const simulatorAuthModes = () =>
  requireSimulator(`${SIMULATOR}/lib/utils/auth-helpers/current-auth-mode.js`) as {
    getAuthorizationMode: GetAuthorizationMode;
  };

export const patchUserPoolTokens = (): void => {
  wrapMethod(
    simulatorAuthModes(),
    'getAuthorizationMode',
    'user-pool-tokens',
    (original) => (headers: Headers, config: AppSyncConfig) => {
      const authorization = header(headers, 'authorization');
      const userPoolsAllowed = [config.defaultAuthenticationType, ...config.additionalAuthenticationProviders].some(
        (p) => p.authenticationType === USER_POOLS,
      );
      // API keys and SigV4 keep the simulator's own handling.
      if (
        header(headers, 'x-api-key') ||
        !authorization ||
        authorization.startsWith('AWS4-HMAC-SHA256') ||
        !userPoolsAllowed
      ) {
        return original(headers, config);
      }
      const check = config[USER_POOL_TOKEN_CHECK];
      const result = check
        ? check(authorization)
        : { valid: false as const, reason: 'no user pool is configured for this API' };
      if (!result.valid) throw new Error(`UnauthorizedException: Invalid user pool token: ${result.reason}`);
      return USER_POOLS;
    },
  );
};
