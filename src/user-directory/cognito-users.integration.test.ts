// User directory operations through the stock Cognito SDK client, against the local user pool.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalUserPool, type LocalUserPool } from '../local/user-pool';
import { createConfirmedUser, ownerForEmail, userPoolFromOutputs, type UserPool } from './cognito-users';

let local: LocalUserPool;
let pool: UserPool;

const outputsFor = (p: LocalUserPool) => ({
  auth: {
    user_pool_id: p.userPoolId,
    aws_region: p.region,
    password_policy: {
      min_length: 8,
      require_uppercase: true,
      require_lowercase: true,
      require_numbers: true,
      require_symbols: true,
    },
  },
  custom: { local: { userPoolEndpoint: p.endpoint } },
});

beforeAll(async () => {
  local = await startLocalUserPool({ port: 0 });
  pool = userPoolFromOutputs(outputsFor(local), 'amplify_outputs.json');
});

afterAll(async () => {
  await local?.stop();
});

describe('creating users', () => {
  it('given a new e-mail, when a user is created, then she is confirmed and her sub is returned', async () => {
    const user = await createConfirmedUser(pool, 'made@example.com', 'Passw0rd!');

    expect(local.findUser('made@example.com')).toEqual({
      sub: user.sub,
      email: 'made@example.com',
      status: 'CONFIRMED',
    });
    expect(user.username).toBe(user.sub);
  });

  it('given a taken e-mail, when a user is created, then the error names the existing sub', async () => {
    const existing = await local.createUser({ email: 'twice@example.com', password: 'Passw0rd!' });

    await expect(createConfirmedUser(pool, 'twice@example.com', 'Passw0rd!')).rejects.toThrow(
      `a user with the e-mail twice@example.com already exists (sub ${existing.sub})`,
    );
  });

  it('given a weak password, when a user is created, then nothing is created', async () => {
    await expect(createConfirmedUser(pool, 'weak@example.com', 'password')).rejects.toThrow(
      "the password does not meet the pool's policy: Password must have uppercase characters",
    );
    expect(local.findUser('weak@example.com')).toBeUndefined();
  });

  it('given outputs without an auth section, when the pool is read, then the error says so', () => {
    expect(() => userPoolFromOutputs({ data: {} }, 'x.json')).toThrow('x.json has no auth section');
  });
});

describe('owners by e-mail', () => {
  it("given a user's e-mail, when resolved, then it is her owner value <sub>::<sub>", async () => {
    const user = await local.createUser({ email: 'Owner@Example.com', password: 'Passw0rd!' });

    expect(await ownerForEmail(pool, 'owner@example.com')).toBe(`${user.sub}::${user.sub}`);
  });

  it('given an unknown e-mail, when resolved, then the error tells how to create the user', async () => {
    await expect(ownerForEmail(pool, 'ghost@example.com')).rejects.toThrow(
      'no user with the e-mail ghost@example.com in user pool us-east-1_LocalPool: create one first (npm run create-user)',
    );
  });
});
