// The local user pool answers as Cognito does: the real aws-amplify auth client and the
// stock Cognito SDK client against it, errors included; users and keys survive a restart.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { autoSignIn, confirmSignUp, fetchAuthSession, signIn, signOut, signUp } from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_USER_POOL_SETTINGS, startLocalUserPool, type LocalUserPool } from './index';
import { paddedHex } from './srp';

const PASSWORD = 'Passw0rd!';
const codes = new Map<string, string>();
const dirs: string[] = [];
const pools: LocalUserPool[] = [];

const start = async (options: Parameters<typeof startLocalUserPool>[0] = {}) => {
  const pool = await startLocalUserPool({ port: 0, deliverCode: (email, code) => codes.set(email, code), ...options });
  pools.push(pool);
  return pool;
};
const tempDir = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'local-user-pool-'));
  dirs.push(dir);
  return dir;
};
const configureFor = (pool: LocalUserPool) =>
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId: pool.userPoolId,
        userPoolClientId: pool.userPoolClientId,
        userPoolEndpoint: pool.endpoint,
        loginWith: { email: true },
      },
    },
  });
/** The error an Amplify call rejects with: its name and message. */
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => ({ name: 'none', message: 'it succeeded' }),
    (e: Error) => ({ name: e.name, message: e.message }),
  );
const call = async (pool: LocalUserPool, operation: string, body: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(pool.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
      ...headers,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const adminClient = (pool: LocalUserPool) =>
  new CognitoIdentityProviderClient({
    endpoint: pool.endpoint,
    region: pool.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

afterAll(async () => {
  await signOut().catch(() => undefined);
  for (const pool of pools) await pool.stop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('SRP encoding', () => {
  it.each([
    [0x14n, '14'],
    [0xecn, '00ec'],
    [0xc8n, '00c8'],
    [0x0123n, '0123'],
    [0x8000n, '008000'],
  ])('given %s, when padded as the client pads, then it is %s', (value, hex) => {
    expect(paddedHex(value)).toBe(hex);
  });
});

describe('errors, as the deployed pool answers them (existence errors prevented)', () => {
  let pool: LocalUserPool;

  beforeAll(async () => {
    pool = await start();
    await pool.createUser({ email: 'taken@example.com', password: PASSWORD });
  });

  it('given a taken e-mail, when someone signs up with it (in another case), then UsernameExistsException', async () => {
    configureFor(pool);

    expect(await failure(signUp({ username: 'Taken@Example.com', password: PASSWORD }))).toEqual({
      name: 'UsernameExistsException',
      message: 'An account with the given email already exists.',
    });
  });

  it.each([
    ['Sh0rt!', 'Password not long enough'],
    ['passw0rd!', 'Password must have uppercase characters'],
    ['PASSW0RD!', 'Password must have lowercase characters'],
    ['Password!', 'Password must have numeric characters'],
    ['Passw0rdd', 'Password must have symbol characters'],
  ])(
    'given the weak password %s, when someone signs up, then InvalidPasswordException (%s) and no user',
    async (password, rule) => {
      configureFor(pool);
      const email = `weak-${password.length}-${rule.length}@example.com`;

      expect(await failure(signUp({ username: email, password }))).toEqual({
        name: 'InvalidPasswordException',
        message: `Password did not conform with policy: ${rule}`,
      });
      expect(pool.findUser(email)).toBeUndefined();
    },
  );

  it('given a user, when she signs in with a wrong password, then NotAuthorizedException', async () => {
    configureFor(pool);

    expect(await failure(signIn({ username: 'taken@example.com', password: 'Wr0ng-password' }))).toEqual({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('given no such user, when someone signs in, then NotAuthorizedException as for a wrong password (PreventUserExistenceErrors ENABLED)', async () => {
    configureFor(pool);

    expect(await failure(signIn({ username: 'nobody@example.com', password: PASSWORD }))).toMatchObject({
      name: 'NotAuthorizedException',
    });
  });

  it('given a sign-up, when the wrong code is entered, then CodeMismatchException, and the right one confirms', async () => {
    configureFor(pool);
    await signUp({ username: 'new@example.com', password: PASSWORD });

    const wrong = await failure(confirmSignUp({ username: 'new@example.com', confirmationCode: '000000x' }));
    const beforeConfirming = await signIn({ username: 'new@example.com', password: PASSWORD });
    await confirmSignUp({ username: 'new@example.com', confirmationCode: codes.get('new@example.com')! });
    const again = await failure(
      confirmSignUp({ username: 'new@example.com', confirmationCode: codes.get('new@example.com')! }),
    );

    expect(wrong.name).toBe('CodeMismatchException');
    // Amplify turns UserNotConfirmedException into this next step.
    expect(beforeConfirming.nextStep.signInStep).toBe('CONFIRM_SIGN_UP');
    expect(again).toEqual({
      name: 'NotAuthorizedException',
      message: 'User cannot be confirmed. Current status is CONFIRMED',
    });
    expect(pool.findUser('new@example.com')?.status).toBe('CONFIRMED');
  });

  it('given a malformed e-mail, when someone signs up, then InvalidParameterException', async () => {
    configureFor(pool);

    expect(await failure(signUp({ username: 'not-an-email', password: PASSWORD }))).toMatchObject({
      name: 'InvalidParameterException',
    });
  });

  it('given the client allows SRP only, when USER_PASSWORD_AUTH is asked for, then InvalidParameterException', async () => {
    configureFor(pool);

    const result = await failure(
      signIn({ username: 'taken@example.com', password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } }),
    );

    expect(result).toEqual({
      name: 'InvalidParameterException',
      message: 'USER_PASSWORD_AUTH flow not enabled for this client',
    });
  });

  it('given raw requests, when they fail, then the answer is HTTP 400 { __type, message } with the error type header', async () => {
    const wrongClient = await call(pool, 'SignUp', { ClientId: 'nope', Username: 'a@example.com', Password: PASSWORD });
    const unknownOperation = await call(pool, 'DeleteUserPool', {});
    const missing = await call(pool, 'InitiateAuth', { ClientId: pool.userPoolClientId });

    expect(wrongClient).toEqual({
      status: 400,
      body: { __type: 'ResourceNotFoundException', message: 'User pool client nope does not exist.' },
    });
    expect(unknownOperation.body.__type).toBe('UnknownOperationException');
    expect(missing).toMatchObject({ status: 400, body: { __type: 'InvalidParameterException' } });
  });

  it('given an unsigned admin request, when it creates a user, then NotAuthorizedException', async () => {
    const response = await call(pool, 'AdminCreateUser', { UserPoolId: pool.userPoolId, Username: 'x@example.com' });

    expect(response.body.__type).toBe('NotAuthorizedException');
    expect(pool.findUser('x@example.com')).toBeUndefined();
  });
});

describe('errors of a pool that reveals existence (PreventUserExistenceErrors LEGACY)', () => {
  it('given no such user, when someone signs in, then UserNotFoundException', async () => {
    const pool = await start({ settings: { ...DEFAULT_USER_POOL_SETTINGS, preventUserExistenceErrors: false } });
    configureFor(pool);

    expect(await failure(signIn({ username: 'nobody@example.com', password: PASSWORD }))).toEqual({
      name: 'UserNotFoundException',
      message: 'User does not exist.',
    });
  });
});

describe('admin calls with the stock Cognito SDK client', () => {
  it('given AdminCreateUser and AdminSetUserPassword, when the user signs in, then she can; AdminGetUser and ListUsers find her', async () => {
    const pool = await start();
    const admin = adminClient(pool);

    const created = await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: pool.userPoolId,
        Username: 'ops@example.com',
        UserAttributes: [
          { Name: 'email', Value: 'ops@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
        MessageAction: 'SUPPRESS',
      }),
    );
    await admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: pool.userPoolId,
        Username: 'ops@example.com',
        Password: PASSWORD,
        Permanent: true,
      }),
    );
    const got = await admin.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: 'OPS@example.com' }));
    const listed = await admin.send(
      new ListUsersCommand({ UserPoolId: pool.userPoolId, Filter: 'email = "ops@example.com"' }),
    );
    const none = await admin.send(
      new ListUsersCommand({ UserPoolId: pool.userPoolId, Filter: 'email = "other@example.com"' }),
    );
    const missing = await admin
      .send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: 'other@example.com' }))
      .catch((e: Error) => e);
    configureFor(pool);
    const signedIn = await signIn({ username: 'ops@example.com', password: PASSWORD });
    await signOut();

    const sub = created.User?.Username;
    expect(sub).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.User?.Attributes).toContainEqual({ Name: 'sub', Value: sub });
    expect(got).toMatchObject({ Username: sub, UserStatus: 'CONFIRMED' });
    expect(listed.Users?.map((u) => u.Username)).toEqual([sub]);
    expect(none.Users).toEqual([]);
    expect(missing).toMatchObject({ name: 'UserNotFoundException' });
    expect(signedIn.isSignedIn).toBe(true);
  });
});

describe('persistence', () => {
  it('given a user and a signed-in session, when the pool restarts on its data folder, then both are still there', async () => {
    const dir = await tempDir();
    const first = await start({ dataDir: dir });
    const user = await first.createUser({ email: 'kept@example.com', password: PASSWORD });
    configureFor(first);
    await signIn({ username: 'kept@example.com', password: PASSWORD });
    const { tokens } = await fetchAuthSession();
    await first.stop();

    const second = await start({ dataDir: dir, port: Number(new URL(first.endpoint).port) });
    configureFor(second);
    const refreshed = await fetchAuthSession({ forceRefresh: true });
    await signOut();
    const again = await signIn({ username: 'kept@example.com', password: PASSWORD });
    await signOut();

    expect(second.findUser('kept@example.com')).toEqual({
      sub: user.sub,
      email: 'kept@example.com',
      status: 'CONFIRMED',
    });
    // Same key: tokens issued before the restart still verify.
    expect(second.verifyToken(tokens!.accessToken.toString()).valid).toBe(true);
    expect(refreshed.tokens?.accessToken.payload.sub).toBe(user.sub);
    expect(again.isSignedIn).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['signing-key.pem', 'users.json']);
  });

  it('given no data folder (--in-memory), when the pool restarts, then its users are gone', async () => {
    const first = await start();
    await first.createUser({ email: 'gone@example.com', password: PASSWORD });
    await first.stop();

    const second = await start();

    expect(second.findUser('gone@example.com')).toBeUndefined();
  });
});

describe('global sign-out', () => {
  it('given a signed-in user, when she signs out everywhere, then her access token is revoked at the pool', async () => {
    const pool = await start();
    await pool.createUser({ email: 'everywhere@example.com', password: PASSWORD });
    configureFor(pool);
    await signIn({ username: 'everywhere@example.com', password: PASSWORD });
    const accessToken = (await fetchAuthSession()).tokens!.accessToken.toString();
    const before = await call(pool, 'GetUser', { AccessToken: accessToken });

    await signOut({ global: true });
    const after = await call(pool, 'GetUser', { AccessToken: accessToken });

    expect(before.body.Username).toBe(pool.findUser('everywhere@example.com')?.sub);
    expect(after).toEqual({
      status: 400,
      body: { __type: 'NotAuthorizedException', message: 'Access Token has been revoked' },
    });
  });
});

describe('sign-up with autoSignIn (what the Authenticator does)', () => {
  it('given autoSignIn, when the code is confirmed, then autoSignIn signs her in', async () => {
    const pool = await start();
    configureFor(pool);

    await signUp({
      username: 'auto@example.com',
      password: PASSWORD,
      options: { userAttributes: { email: 'auto@example.com' }, autoSignIn: true },
    });
    const confirmed = await confirmSignUp({
      username: 'auto@example.com',
      confirmationCode: codes.get('auto@example.com')!,
    });
    const signedIn = await autoSignIn();
    const { userSub } = await fetchAuthSession();
    await signOut();

    expect(confirmed.nextStep.signUpStep).toBe('COMPLETE_AUTO_SIGN_IN');
    expect(signedIn.isSignedIn).toBe(true);
    expect(userSub).toBe(pool.findUser('auto@example.com')?.sub);
  });
});
