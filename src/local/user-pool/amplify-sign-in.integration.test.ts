// The unchanged aws-amplify v6 auth client against the local user pool, configured the way
// the README tells a frontend to (outputs, then `userPoolEndpoint` from `custom.local`), and
// the data client reading the signed-in user's own records from the local data API.
import { randomUUID } from 'node:crypto';
import { Amplify, type ResourcesConfig } from 'aws-amplify';
import {
  confirmSignUp,
  fetchAuthSession,
  fetchUserAttributes,
  getCurrentUser,
  signIn,
  signOut,
  signUp,
} from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Schema } from '../../../amplify/data/resource';
import { ownerValueFor, startLocalDataApi, type LocalDataApi } from '../data-api';
import { configureAmplifyAsFunction } from '../data-api/test-support';
import { localStackOutputs, type LocalStackOutputs } from '../stack/local-outputs';
import { readUserPoolSettings, startLocalUserPool, type LocalUserPool } from './index';

let pool: LocalUserPool;
let api: LocalDataApi;
let outputs: LocalStackOutputs;
const codes = new Map<string, string>();

/** What the README's frontend snippet does, word for word (outputs as an app imports them). */
const configureAsFrontend = (outputs: object) => {
  Amplify.configure(outputs);
  const local = (outputs as { custom?: { local?: { userPoolEndpoint?: string } } }).custom?.local;
  if (local?.userPoolEndpoint) {
    const config = Amplify.getConfig();
    Amplify.configure({
      ...config,
      Auth: { Cognito: { ...config.Auth!.Cognito, userPoolEndpoint: local.userPoolEndpoint } },
    } as ResourcesConfig);
  }
};

beforeAll(async () => {
  const assemblyDir = inject('sandboxAssemblyDir');
  pool = await startLocalUserPool({
    port: 0,
    settings: await readUserPoolSettings(assemblyDir),
    deliverCode: (email, code) => codes.set(email, code),
  });
  api = await startLocalDataApi({ assemblyDir, port: 0, verifyUserPoolToken: pool.verifyToken });
  outputs = localStackOutputs(api.amplifyOutputs(), { userPoolEndpoint: pool.endpoint });
});

afterAll(async () => {
  await api?.stop();
  await pool?.stop();
});

describe('a new user signs up, signs in and reads her records', () => {
  const email = `Dev.${randomUUID().slice(0, 8)}@Example.com`;
  const password = 'Corr3ct-horse';

  it('given the local outputs, when Amplify is configured from them, then it has no identity pool and the local endpoint', () => {
    configureAsFrontend(outputs);

    expect(Amplify.getConfig().Auth?.Cognito).toMatchObject({
      userPoolId: 'us-east-1_LocalPool',
      userPoolClientId: pool.userPoolClientId,
      userPoolEndpoint: pool.endpoint,
      loginWith: { email: true },
    });
    expect(Amplify.getConfig().Auth?.Cognito.identityPoolId).toBeUndefined();
  });

  let sub: string;

  it('given a new e-mail, when she signs up and confirms with the printed code, then she is confirmed', async () => {
    configureAsFrontend(outputs);

    const up = await signUp({ username: email, password, options: { userAttributes: { email } } });
    const code = codes.get(email);
    const confirmed = await confirmSignUp({ username: email, confirmationCode: code ?? '' });

    expect(up).toMatchObject({
      isSignUpComplete: false,
      nextStep: { signUpStep: 'CONFIRM_SIGN_UP', codeDeliveryDetails: { deliveryMedium: 'EMAIL' } },
    });
    expect(up.userId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(code).toMatch(/^\d{6}$/);
    expect(confirmed).toEqual({ isSignUpComplete: true, nextStep: { signUpStep: 'DONE' } });
    sub = up.userId!;
  });

  it('given her records written by the handler (IAM), when she signs in with SRP, then her session, user and records are hers', async () => {
    const restore = await configureAmplifyAsFunction(api, 'RecordingStatusHandler');
    const iam = generateClient<Schema>({ authMode: 'iam' });
    const owner = ownerValueFor({ sub, username: sub });
    const channelArn = `arn:aws:ivs:us-east-1:123456789012:channel/${randomUUID()}`;
    const mine = await iam.models.Profile.create({ channelArn, owner });
    const theirs = await iam.models.Profile.create({
      channelArn: `${channelArn}x`,
      owner: ownerValueFor({ sub: randomUUID(), username: 'x' }),
    });
    restore();
    configureAsFrontend(outputs);

    // The e-mail in another case: the pool is not case sensitive, as deployed.
    const signedIn = await signIn({ username: email.toLowerCase(), password });
    const session = await fetchAuthSession();
    const user = await getCurrentUser();
    const attributes = await fetchUserAttributes();
    const client = generateClient<Schema>();
    const byChannel = await client.models.Profile.profilesByChannelArn({ channelArn });
    const other = await client.models.Profile.get({ id: theirs.data!.id });

    expect(signedIn).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect(session.userSub).toBe(sub);
    expect(session.credentials).toBeUndefined();
    expect(session.tokens?.idToken?.payload).toMatchObject({
      sub,
      email,
      token_use: 'id',
      aud: pool.userPoolClientId,
      iss: `${pool.endpoint}/us-east-1_LocalPool`,
      'cognito:username': sub,
    });
    expect(session.tokens?.accessToken.payload).toMatchObject({
      sub,
      username: sub,
      token_use: 'access',
      client_id: pool.userPoolClientId,
    });
    expect(user).toEqual({
      username: sub,
      userId: sub,
      signInDetails: { loginId: email.toLowerCase(), authFlowType: 'USER_SRP_AUTH' },
    });
    expect(attributes).toMatchObject({ email, sub });
    expect(byChannel.errors).toBeUndefined();
    expect(byChannel.data.map((p) => p.id)).toEqual([mine.data!.id]);
    expect(other.data).toBeNull();
  });

  it('given a signed-in user whose tokens are expiring, when the session is refreshed, then new tokens of the same sign-in come back', async () => {
    const before = await fetchAuthSession();

    const after = await fetchAuthSession({ forceRefresh: true });

    expect(after.tokens?.accessToken.toString()).not.toBe(before.tokens?.accessToken.toString());
    expect(after.tokens?.accessToken.payload.origin_jti).toBe(before.tokens?.accessToken.payload.origin_jti);
    expect(pool.verifyToken(after.tokens!.accessToken.toString()).valid).toBe(true);
  });

  it('given a signed-in user, when she signs out, then her refresh token is revoked and she has no session', async () => {
    const { tokens } = await fetchAuthSession();

    await signOut();
    const session = await fetchAuthSession();
    const getUser = await fetch(pool.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser',
      },
      body: JSON.stringify({ AccessToken: tokens!.accessToken.toString() }),
    });

    expect(session.tokens).toBeUndefined();
    await expect(getCurrentUser()).rejects.toMatchObject({ name: 'UserUnAuthenticatedException' });
    expect(getUser.status).toBe(400);
    expect(await getUser.json()).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Access Token has been revoked',
    });
  });
});
