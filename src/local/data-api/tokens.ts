/**
 * Cognito-shaped user tokens for the local API. They are signed (HS256, a per-process
 * secret) only to look like JWTs: neither the simulator nor anything here verifies a
 * signature, an audience or an expiry. The simulator accepts a token as a user pool
 * token when its issuer starts with https://cognito-idp. — local use only.
 */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';

export type LocalUser = { username: string; sub?: string; email?: string; groups?: string[] };

const SECRET = randomBytes(32);

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A stable UUID-shaped `sub` for a username, so a user keeps the same owner value across runs. */
export const localUserSub = (username: string): string => {
  const h = createHash('sha256').update(`local-user:${username}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/**
 * The value an `allow.owner()` rule stores in and matches against the `owner` field, as the
 * generated auth VTL builds it: `"<sub>::<username>"` (claims `sub` and `username`, or
 * `cognito:username`). The VTL also accepts a bare `<sub>` or `<username>` (older formats),
 * but records written for a user should use this one. On reads, the generated resolver of
 * the `owner` field returns only the `<username>` part.
 */
export const ownerValueFor = (user: { sub: string; username: string }): string =>
  `${user.sub}::${user.username}`;

export const signLocalUserToken = (
  user: LocalUser,
  pool: { region: string; userPoolId: string; userPoolClientId: string },
  lifetimeSeconds = 3600,
): string => {
  const now = Math.floor(Date.now() / 1000);
  const sub = user.sub ?? localUserSub(user.username);
  // Claims of both an ID token and an access token, so either use works.
  const payload = {
    sub,
    iss: `https://cognito-idp.${pool.region}.amazonaws.com/${pool.userPoolId}`,
    aud: pool.userPoolClientId,
    client_id: pool.userPoolClientId,
    token_use: 'id',
    scope: 'aws.cognito.signin.user.admin',
    username: user.username,
    'cognito:username': user.username,
    ...(user.groups && user.groups.length > 0 ? { 'cognito:groups': user.groups } : {}),
    ...(user.email ? { email: user.email, email_verified: true } : {}),
    auth_time: now,
    iat: now,
    exp: now + lifetimeSeconds,
    jti: randomUUID(),
    origin_jti: randomUUID(),
    event_id: randomUUID(),
  };
  const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT', kid: 'local' })}.${base64url(payload)}`;
  const signature = createHmac('sha256', SECRET).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
};
