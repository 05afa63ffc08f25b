// A subscription whose token the local data API does not accept fails at once with an
// error the app can show, instead of retrying in silence. Its own file: it configures the
// process-wide Amplify singleton with a bad token.
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Schema } from '../../../amplify/data/resource';
import { startLocalDataApi, type LocalDataApi } from './index';
import { collector, installLocalRealtime } from './realtime-test-support';
import { amplifyJwt } from './test-support';

let api: LocalDataApi;

beforeAll(async () => {
  installLocalRealtime();
  api = await startLocalDataApi({ assemblyDir: inject('sandboxAssemblyDir'), port: 0 });
});

afterAll(async () => {
  await api?.stop();
});

/** A JWT that no user pool issued (today the local API decodes tokens and checks the issuer). */
const foreignToken = () => {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'none' })}.${part({ iss: 'https://issuer.example.com', sub: 'mallory', username: 'mallory', exp: now + 3600 })}.x`;
};

/** Subscribes as the app would with this session's tokens; resolves with what it delivered. */
const subscribeWith = async (tokens: ReturnType<typeof amplifyJwt> | null) => {
  Amplify.configure(api.amplifyOutputs(), {
    Auth: { tokenProvider: { getTokens: async () => (tokens ? { accessToken: tokens, idToken: tokens } : null) } },
  });
  const seen = collector<unknown>();
  const subscription = generateClient<Schema>().models.Recording.onCreate().subscribe(seen);
  await seen.until(() => false); // until an error
  subscription.unsubscribe();
  return seen;
};

describe('a subscription without a token the API accepts', () => {
  it('given a signed-in session holding a foreign token, when the app subscribes, then the subscription errors with UnauthorizedException', async () => {
    const seen = await subscribeWith(amplifyJwt(foreignToken()));

    expect(seen.items).toEqual([]);
    expect(JSON.stringify(seen.errors)).toMatch(/Connection failed: UnauthorizedException/);
  });

  it('given no signed-in user, when the app subscribes, then the subscription errors with UnauthorizedException', async () => {
    const seen = await subscribeWith(null);

    expect(seen.items).toEqual([]);
    expect(JSON.stringify(seen.errors)).toMatch(/Connection failed: UnauthorizedException/);
  });
});
