/**
 * A local, Cognito-compatible user pool (no AWS account): the unchanged aws-amplify v6
 * auth client signs up, confirms, signs in with SRP, refreshes and signs out against it
 * (`Auth.Cognito.userPoolEndpoint`), and the stock Cognito SDK client's admin calls work
 * (any signature). Tokens are RS256 JWTs signed with a key kept in the data folder; the
 * local data API verifies them with `verifyToken`.
 */
import { localUserPoolIds } from '../data-api/local-names';
import { issueTokens, verifyToken, type TokenAudience, type TokenCheck } from './jwt';
import { startUserPoolServer } from './server';
import { DEFAULT_USER_POOL_SETTINGS } from './settings';
import { loadSigningKey } from './signing-key';
import { UserPoolService, type UserPoolSettings } from './user-pool-service';
import { UserStore } from './user-store';

export { readUserPoolSettings, DEFAULT_USER_POOL_SETTINGS } from './settings';
export type { TokenAudience, TokenCheck } from './jwt';
export type { UserPoolSettings } from './user-pool-service';

export type StartLocalUserPoolOptions = {
  /** Default 0: a free port (npm start passes LOCAL_PORTS.userPool). */
  port?: number;
  host?: string;
  /** Keep users, sessions and the signing key here; absent = in memory. */
  dataDir?: string;
  region?: string;
  settings?: UserPoolSettings;
  /** Where sign-up confirmation codes go (no e-mail is sent). Default: printed to the terminal. */
  deliverCode?: (email: string, code: string) => void;
};

export type LocalPoolUser = { sub: string; email: string; status: 'UNCONFIRMED' | 'CONFIRMED' };

export type LocalUserPool = {
  /** What `Auth.Cognito.userPoolEndpoint` is set to. */
  endpoint: string;
  /** `<endpoint>/<userPoolId>`, the tokens' `iss`; its keys are at `<issuer>/.well-known/jwks.json`. */
  issuer: string;
  region: string;
  userPoolId: string;
  userPoolClientId: string;
  /** What a token must match to be this pool's (the data API checks it). */
  tokenAudience: TokenAudience;
  /** Signature, issuer, audience and expiry, at `nowSeconds` (default: now). */
  verifyToken(token: string, nowSeconds?: number): TokenCheck;
  /** A confirmed user (as AdminCreateUser + AdminSetUserPassword); `sub` fixed for seeded users. */
  createUser(input: { email: string; password: string; sub?: string }): Promise<LocalPoolUser>;
  /** A user by e-mail or sub. */
  findUser(emailOrSub: string): LocalPoolUser | undefined;
  /** Real signed tokens of an existing user, as a sign-in would issue them (tests, scripts). */
  signIn(emailOrSub: string): Promise<{ idToken: string; accessToken: string }>;
  stop(): Promise<void>;
};

const printCode = (email: string, code: string) =>
  console.log(`[local user pool] confirmation code for ${email}: ${code} (no e-mail is sent locally)`);

export const startLocalUserPool = async (options: StartLocalUserPoolOptions = {}): Promise<LocalUserPool> => {
  const region = options.region ?? 'us-east-1';
  const { userPoolId, userPoolClientId } = localUserPoolIds(region);
  const [key, store] = await Promise.all([loadSigningKey(options.dataDir), UserStore.open(options.dataDir)]);
  let service: UserPoolService | undefined;
  const server = await startUserPoolServer({
    service: () => service!,
    userPoolId,
    jwks: () => ({ keys: [key.jwk] }),
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    onError: (error) => console.error('[local user pool]', error),
  });
  const issuer = { issuer: `${server.endpoint}/${userPoolId}`, clientId: userPoolClientId, key };
  service = new UserPoolService({
    userPoolId,
    clientId: userPoolClientId,
    region,
    settings: options.settings ?? DEFAULT_USER_POOL_SETTINGS,
    store,
    issuer,
    deliverCode: options.deliverCode ?? printCode,
  });
  const pool = service;
  const view = (u: { sub: string; email: string; status: LocalPoolUser['status'] }): LocalPoolUser => ({
    sub: u.sub,
    email: u.email,
    status: u.status,
  });
  return {
    endpoint: server.endpoint,
    issuer: issuer.issuer,
    region,
    userPoolId,
    userPoolClientId,
    tokenAudience: pool.audience,
    verifyToken: (token, nowSeconds = Math.floor(Date.now() / 1000)) => verifyToken(token, pool.audience, nowSeconds),
    createUser: async (input) => view(await pool.createUser({ ...input, confirmed: true })),
    findUser: (emailOrSub) => {
      const user = store.byUsername(emailOrSub);
      return user && view(user);
    },
    signIn: async (emailOrSub) => {
      const user = store.byUsername(emailOrSub);
      if (!user) throw new Error(`No user ${emailOrSub} in the local user pool`);
      const now = Math.floor(Date.now() / 1000);
      const { idToken, accessToken } = issueTokens(
        issuer,
        { sub: user.sub, username: user.sub, email: user.email },
        { originJti: `local-${user.sub}`, authTime: now },
        now,
      );
      return { idToken, accessToken };
    },
    stop: () => server.stop(),
  };
};
