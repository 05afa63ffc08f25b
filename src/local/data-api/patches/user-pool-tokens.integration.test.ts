// The local data API takes a bearer token as a user only when the local user pool signed
// it for this pool and app client and it has not expired; anything else gets 401.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Schema } from '../../../../amplify/data/resource';
import { issueTokens, type TokenIssuer } from '../../user-pool/jwt';
import { generateSigningKey, loadSigningKey, type SigningKey } from '../../user-pool/signing-key';
import { startLocalUserPool, type LocalUserPool } from '../../user-pool';
import { ownerValueFor, startLocalDataApi, type LocalDataApi } from '../index';
import { configureAmplifyAsFunction } from '../test-support';

let dir: string;
let pool: LocalUserPool;
let api: LocalDataApi;
let poolKey: SigningKey;
let user: { sub: string; email: string };
let profileId: string;

const now = () => Math.floor(Date.now() / 1000);
const session = () => ({ originJti: randomUUID(), authTime: now() });
const asUser = () => ({ sub: user.sub, username: user.sub, email: user.email });
const issuer = (overrides: Partial<TokenIssuer> = {}): TokenIssuer => ({
  issuer: pool.issuer,
  clientId: pool.userPoolClientId,
  key: poolKey,
  ...overrides,
});

const query = `query Mine($id: ID!) { getProfile(id: $id) { id channelArn } }`;
const post = async (authorization: string) => {
  const response = await fetch(api.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query, variables: { id: profileId } }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { data?: unknown; errors?: { errorType?: string; message: string }[] },
  };
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'user-pool-tokens-'));
  pool = await startLocalUserPool({ port: 0, dataDir: dir });
  // The same key file the pool signs with: tokens minted here are the pool's own.
  poolKey = await loadSigningKey(dir);
  user = await pool.createUser({ email: 'owner@example.com', password: 'Passw0rd!' });
  api = await startLocalDataApi({
    assemblyDir: inject('sandboxAssemblyDir'),
    port: 0,
    verifyUserPoolToken: pool.verifyToken,
  });
  const restore = await configureAmplifyAsFunction(api, 'RecordingStatusHandler');
  const created = await generateClient<Schema>({ authMode: 'iam' }).models.Profile.create({
    channelArn: `arn:aws:ivs:us-east-1:123456789012:channel/${randomUUID()}`,
    owner: ownerValueFor({ sub: user.sub, username: user.sub }),
  });
  restore();
  profileId = created.data!.id;
});

afterAll(async () => {
  await api?.stop();
  await pool?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('user pool tokens at the local data API', () => {
  it("given the pool's access token of the owner, when she reads her profile, then she gets it", async () => {
    const { accessToken } = await pool.signIn(user.email);

    const { status, body } = await post(accessToken);

    expect(status).toBe(200);
    expect(body.data).toEqual({ getProfile: { id: profileId, channelArn: expect.any(String) } });
  });

  it("given the pool's ID token of the owner, when she reads her profile, then she gets it too", async () => {
    const { idToken } = await pool.signIn(user.email);

    const { status, body } = await post(idToken);

    expect(status).toBe(200);
    expect(body.data).toMatchObject({ getProfile: { id: profileId } });
  });

  const refused: [string, () => string][] = [
    [
      'unsigned (alg none)',
      () => {
        const [, payload] = issueTokens(issuer(), asUser(), session(), now()).accessToken.split('.');
        return `${Buffer.from(JSON.stringify({ alg: 'none', kid: poolKey.kid })).toString('base64url')}.${payload}.`;
      },
    ],
    [
      'signed by another key',
      () => issueTokens(issuer({ key: generateSigningKey() }), asUser(), session(), now()).accessToken,
    ],
    [
      "signed by another key under the pool's kid",
      () =>
        issueTokens(issuer({ key: { ...generateSigningKey(), kid: poolKey.kid } }), asUser(), session(), now())
          .accessToken,
    ],
    [
      'with a changed claim (another sub)',
      () => {
        const [header, payload, signature] = issueTokens(issuer(), asUser(), session(), now()).accessToken.split('.');
        const claims = { ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: randomUUID() };
        return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
      },
    ],
    ['expired', () => issueTokens(issuer(), asUser(), session(), now() - 7200, 3600).accessToken],
    [
      'from another issuer',
      () =>
        issueTokens(
          issuer({ issuer: `https://cognito-idp.us-east-1.amazonaws.com/${pool.userPoolId}` }),
          asUser(),
          session(),
          now(),
        ).accessToken,
    ],
    [
      'for another app client (access token)',
      () => issueTokens(issuer({ clientId: 'someotherclient' }), asUser(), session(), now()).accessToken,
    ],
    [
      'for another app client (ID token)',
      () => issueTokens(issuer({ clientId: 'someotherclient' }), asUser(), session(), now()).idToken,
    ],
    ['not a JWT', () => 'Bearer nonsense'],
  ];

  it.each(refused)(
    'given a token %s, when it is used, then the API answers 401 and reads nothing',
    async (_name, token) => {
      const { status, body } = await post(token());

      expect(status).toBe(401);
      expect(body.data).toBeUndefined();
      expect(body.errors?.map((e) => e.errorType)).toEqual(['UnauthorizedException']);
    },
  );

  it('given an API started without a user pool check, when a valid token is used, then it is refused', async () => {
    const bare = await startLocalDataApi({ assemblyDir: inject('sandboxAssemblyDir'), port: 0 });
    try {
      const response = await fetch(bare.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: (await pool.signIn(user.email)).accessToken },
        body: JSON.stringify({ query, variables: { id: profileId } }),
      });
      expect(response.status).toBe(401);
    } finally {
      await bare.stop();
    }
  });
});
