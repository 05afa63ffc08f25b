/**
 * Users of the backend's Cognito user pool, through the stock Cognito SDK client's admin
 * operations: the same code against the local user pool (`custom.local.userPoolEndpoint`
 * in amplify_outputs.json; any credentials) and against AWS (admin credentials of the
 * account, from the default provider chain).
 */
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
  type AttributeType,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { ownerValueFor } from './owner-value';
import { brokenPasswordRule, DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from './password-policy';

export type UserPool = {
  client: CognitoIdentityProviderClient;
  userPoolId: string;
  passwordPolicy: PasswordPolicy;
  /** The local user pool's endpoint, or null for Cognito in AWS. */
  localEndpoint: string | null;
};

/** Bad input or a state the command cannot proceed from: the message says what to do. */
export class UserDirectoryError extends Error {
  override readonly name = 'UserDirectoryError';
}

type OutputsAuth = {
  user_pool_id?: unknown;
  aws_region?: unknown;
  password_policy?: {
    min_length?: number;
    require_uppercase?: boolean;
    require_lowercase?: boolean;
    require_numbers?: boolean;
    require_symbols?: boolean;
  };
};

/** The user pool an amplify_outputs.json names (auth section; local endpoint under custom.local). */
export const userPoolFromOutputs = (outputs: unknown, file: string): UserPool => {
  const { auth, custom } = (outputs ?? {}) as {
    auth?: OutputsAuth;
    custom?: { local?: { userPoolEndpoint?: unknown } };
  };
  if (typeof auth?.user_pool_id !== 'string' || typeof auth.aws_region !== 'string') {
    throw new UserDirectoryError(`${file} has no auth section (auth.user_pool_id, auth.aws_region)`);
  }
  const endpoint = typeof custom?.local?.userPoolEndpoint === 'string' ? custom.local.userPoolEndpoint : null;
  const policy = auth.password_policy;
  return {
    client: new CognitoIdentityProviderClient({
      region: auth.aws_region,
      // Locally any credentials do (the local pool only checks that admin calls are signed).
      ...(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    }),
    userPoolId: auth.user_pool_id,
    passwordPolicy: policy
      ? {
          minLength: policy.min_length ?? DEFAULT_PASSWORD_POLICY.minLength,
          requireUppercase: policy.require_uppercase ?? false,
          requireLowercase: policy.require_lowercase ?? false,
          requireNumbers: policy.require_numbers ?? false,
          requireSymbols: policy.require_symbols ?? false,
        }
      : DEFAULT_PASSWORD_POLICY,
    localEndpoint: endpoint,
  };
};

export type PoolUser = { sub: string; username: string; email: string | null };

const attribute = (attributes: AttributeType[] | undefined, name: string) =>
  attributes?.find((a) => a.Name === name)?.Value;

const poolUser = (user: UserType | undefined, attributes = user?.Attributes): PoolUser => {
  const sub = attribute(attributes, 'sub');
  if (!user?.Username || !sub) throw new Error('Cognito returned a user without a username or sub');
  return { sub, username: user.Username, email: attribute(attributes, 'email') ?? null };
};

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * A confirmed user with a permanent password (no invitation e-mail). Checked first against
 * the pool's password policy, so a weak password changes nothing; if setting the password
 * still fails, the user just created is deleted again.
 */
export const createConfirmedUser = async (pool: UserPool, email: string, password: string): Promise<PoolUser> => {
  if (!EMAIL.test(email)) throw new UserDirectoryError(`"${email}" is not an e-mail address`);
  const broken = brokenPasswordRule(password, pool.passwordPolicy);
  if (broken) throw new UserDirectoryError(`the password does not meet the pool's policy: ${broken}`);
  let created: PoolUser;
  try {
    const output = await pool.client.send(
      new AdminCreateUserCommand({
        UserPoolId: pool.userPoolId,
        Username: email,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
        MessageAction: 'SUPPRESS',
      }),
    );
    created = poolUser(output.User);
  } catch (error) {
    if ((error as Error).name === 'UsernameExistsException') {
      const existing = await findUserByEmail(pool, email);
      throw new UserDirectoryError(
        `a user with the e-mail ${email} already exists${existing ? ` (sub ${existing.sub})` : ''}`,
      );
    }
    throw error;
  }
  try {
    await pool.client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: pool.userPoolId,
        Username: created.username,
        Password: password,
        Permanent: true,
      }),
    );
  } catch (error) {
    await pool.client.send(new AdminDeleteUserCommand({ UserPoolId: pool.userPoolId, Username: created.username }));
    throw error;
  }
  return created;
};

export const findUserByEmail = async (pool: UserPool, email: string): Promise<PoolUser | null> => {
  const { Users = [] } = await pool.client.send(
    new ListUsersCommand({ UserPoolId: pool.userPoolId, Filter: `email = "${email.replace(/["\\]/g, '')}"` }),
  );
  if (Users.length > 1) throw new UserDirectoryError(`${Users.length} users have the e-mail ${email}`);
  return Users[0] ? poolUser(Users[0]) : null;
};

export const isEmail = (value: string): boolean => EMAIL.test(value);

/** The owner value (`"<sub>::<username>"`) of the user with this e-mail. */
export const ownerForEmail = async (pool: UserPool, email: string): Promise<string> => {
  const user = await findUserByEmail(pool, email);
  if (!user) {
    throw new UserDirectoryError(
      `no user with the e-mail ${email} in user pool ${pool.userPoolId}: create one first (npm run create-user)`,
    );
  }
  return ownerValueFor(user);
};
