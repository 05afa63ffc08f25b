/**
 * Cognito-shaped ID and access tokens (RS256, `kid`), and their verification as AppSync
 * does it: signature by the pool's key, issuer, audience (`aud` of an ID token, `client_id`
 * of an access token), `token_use`, expiry.
 */
import { randomUUID, sign, verify } from 'node:crypto';
import type { PublicJwk, SigningKey } from './signing-key';

export type TokenUser = { sub: string; username: string; email: string; groups?: readonly string[] };

/** Identifies one sign-in: its refresh token and every token refreshed from it share it. */
export type TokenSession = { originJti: string; authTime: number };

export type TokenIssuer = { issuer: string; clientId: string; key: SigningKey };

export const TOKEN_LIFETIME_SECONDS = 3600;

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const signJwt = (key: SigningKey, payload: Record<string, unknown>): string => {
  const unsigned = `${encode({ kid: key.kid, alg: 'RS256' })}.${encode(payload)}`;
  return `${unsigned}.${sign('RSA-SHA256', Buffer.from(unsigned), key.privateKey).toString('base64url')}`;
};

export const issueTokens = (
  pool: TokenIssuer,
  user: TokenUser,
  session: TokenSession,
  nowSeconds: number,
  lifetimeSeconds = TOKEN_LIFETIME_SECONDS,
): { idToken: string; accessToken: string; expiresIn: number } => {
  const common = {
    sub: user.sub,
    iss: pool.issuer,
    origin_jti: session.originJti,
    event_id: randomUUID(),
    auth_time: session.authTime,
    iat: nowSeconds,
    exp: nowSeconds + lifetimeSeconds,
    ...(user.groups && user.groups.length > 0 ? { 'cognito:groups': [...user.groups] } : {}),
  };
  return {
    idToken: signJwt(pool.key, {
      ...common,
      aud: pool.clientId,
      token_use: 'id',
      'cognito:username': user.username,
      email: user.email,
      email_verified: true,
      jti: randomUUID(),
    }),
    accessToken: signJwt(pool.key, {
      ...common,
      client_id: pool.clientId,
      token_use: 'access',
      scope: 'aws.cognito.signin.user.admin',
      username: user.username,
      jti: randomUUID(),
    }),
    expiresIn: lifetimeSeconds,
  };
};

export type TokenClaims = Record<string, unknown> & {
  sub: string;
  iss: string;
  token_use: 'id' | 'access';
  exp: number;
  origin_jti?: string;
};

export type TokenCheck = { valid: true; claims: TokenClaims } | { valid: false; reason: string };

/** What a token must match: the pool's issuer, its app client, its public keys. */
export type TokenAudience = { issuer: string; clientId: string; keys: readonly PublicJwk[] };

const decodePart = (part: string | undefined): Record<string, unknown> | null => {
  try {
    const value = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

export const verifyToken = (token: string, expected: TokenAudience, nowSeconds: number): TokenCheck => {
  const parts = token.split('.');
  if (parts.length !== 3) return { valid: false, reason: 'not a JWT' };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodePart(headerPart);
  const claims = decodePart(payloadPart);
  if (!header || !claims) return { valid: false, reason: 'not a JWT' };
  if (header.alg !== 'RS256') return { valid: false, reason: `algorithm ${String(header.alg)} is not RS256` };
  const jwk = expected.keys.find((key) => key.kid === header.kid);
  if (!jwk) return { valid: false, reason: 'signed by an unknown key' };
  const signed = verify(
    'RSA-SHA256',
    Buffer.from(`${headerPart}.${payloadPart}`),
    { key: jwk, format: 'jwk' },
    Buffer.from(signaturePart, 'base64url'),
  );
  if (!signed) return { valid: false, reason: 'bad signature' };
  if (claims.iss !== expected.issuer)
    return { valid: false, reason: `issuer ${String(claims.iss)} is not this user pool` };
  const audience =
    claims.token_use === 'id' ? claims.aud : claims.token_use === 'access' ? claims.client_id : undefined;
  if (audience === undefined) return { valid: false, reason: 'token_use is neither id nor access' };
  if (audience !== expected.clientId)
    return { valid: false, reason: `audience ${String(audience)} is not this app client` };
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) return { valid: false, reason: 'token expired' };
  if (typeof claims.sub !== 'string') return { valid: false, reason: 'no sub' };
  return { valid: true, claims: claims as TokenClaims };
};
