/**
 * The Cognito user pool operations the Amplify v6 auth client and the create-user script
 * call, over one pool with one app client. Inputs are the operations' JSON bodies; each
 * operation answers Cognito's output shape or throws a CognitoError.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { CognitoError } from './cognito-error';
import { issueTokens, verifyToken, type TokenAudience, type TokenClaims, type TokenIssuer } from './jwt';
import { brokenPasswordRule, type PasswordPolicy } from '../../user-directory/password-policy';
import {
  claimMatches,
  parseClientA,
  passwordClaimSignature,
  passwordMatches,
  passwordVerifier,
  paddedHex,
  poolNameOf,
  serverPublicB,
  sessionKey,
} from './srp';
import type { StoredUser, UserStore } from './user-store';

/** What the deployed pool and app client decide (read from the synthesized template). */
export type UserPoolSettings = {
  passwordPolicy: PasswordPolicy;
  /** ENABLED: sign-in with an unknown user answers NotAuthorizedException, as for a wrong password. */
  preventUserExistenceErrors: boolean;
  /** The app client's ExplicitAuthFlows, e.g. ALLOW_USER_SRP_AUTH. */
  explicitAuthFlows: readonly string[];
};

export type UserPoolIdentity = { userPoolId: string; clientId: string; region: string };

export type UserPoolServiceOptions = UserPoolIdentity & {
  settings: UserPoolSettings;
  store: UserStore;
  issuer: TokenIssuer;
  /** Where a sign-up confirmation code goes instead of an e-mail. */
  deliverCode: (email: string, code: string) => void;
  now?: () => Date;
};

type Body = Record<string, unknown>;
type SrpChallenge = { sub: string; A: bigint; B: bigint; b: bigint; expires: number };

const SRP_CHALLENGE_MS = 3 * 60_000;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

const required = (body: Body, name: string): string => {
  const value = body[name];
  if (typeof value !== 'string' || value === '') {
    const member = name.charAt(0).toLowerCase() + name.slice(1);
    throw new CognitoError(
      'InvalidParameterException',
      `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
};

const stringMap = (value: unknown): Record<string, string> =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : {};

const attributeList = (value: unknown): Record<string, string> =>
  Object.fromEntries(
    (Array.isArray(value) ? value : [])
      .map((a: unknown) => a as { Name?: unknown; Value?: unknown })
      .filter((a) => typeof a.Name === 'string' && typeof a.Value === 'string')
      .map((a) => [a.Name as string, a.Value as string]),
  );

const userAttributes = (user: StoredUser) => [
  { Name: 'email', Value: user.email },
  { Name: 'email_verified', Value: 'true' },
  { Name: 'sub', Value: user.sub },
];

const maskedEmail = (email: string) => {
  const [local = '', domain = ''] = email.split('@');
  return `${local.charAt(0)}***@${domain.charAt(0)}***`;
};

const INCORRECT = () => new CognitoError('NotAuthorizedException', 'Incorrect username or password.');

export class UserPoolService {
  private readonly challenges = new Map<string, SrpChallenge>();
  private readonly poolName: string;
  private readonly now: () => Date;

  constructor(private readonly options: UserPoolServiceOptions) {
    this.poolName = poolNameOf(options.userPoolId);
    this.now = options.now ?? (() => new Date());
  }

  get audience(): TokenAudience {
    return { issuer: this.options.issuer.issuer, clientId: this.options.clientId, keys: [this.options.issuer.key.jwk] };
  }

  /** Every operation by its X-Amz-Target name. */
  readonly operations: Record<string, (body: Body, signed: boolean) => Promise<unknown>> = {
    SignUp: (b) => this.signUp(b),
    ConfirmSignUp: (b) => this.confirmSignUp(b),
    ResendConfirmationCode: (b) => this.resendConfirmationCode(b),
    InitiateAuth: (b) => this.initiateAuth(b),
    RespondToAuthChallenge: (b) => this.respondToAuthChallenge(b),
    GetTokensFromRefreshToken: (b) => this.getTokensFromRefreshToken(b),
    GetUser: (b) => this.getUser(b),
    GlobalSignOut: (b) => this.globalSignOut(b),
    RevokeToken: (b) => this.revokeToken(b),
    AdminCreateUser: (b, s) => this.admin(b, s, () => this.adminCreateUser(b)),
    AdminSetUserPassword: (b, s) => this.admin(b, s, () => this.adminSetUserPassword(b)),
    AdminConfirmSignUp: (b, s) => this.admin(b, s, () => this.adminConfirmSignUp(b)),
    AdminGetUser: (b, s) => this.admin(b, s, () => this.adminGetUser(b)),
    ListUsers: (b, s) => this.admin(b, s, () => this.listUsers(b)),
    AdminDeleteUser: (b, s) => this.admin(b, s, () => this.adminDeleteUser(b)),
  };

  private nowSeconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }

  private assertClient(body: Body): void {
    const clientId = required(body, 'ClientId');
    if (clientId !== this.options.clientId) {
      throw new CognitoError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
    }
  }

  /** Admin operations: IAM-signed in AWS; here a signature must be present (it is not checked). */
  private async admin<T>(body: Body, signed: boolean, run: () => Promise<T>): Promise<T> {
    if (!signed) {
      throw new CognitoError(
        'NotAuthorizedException',
        'Admin operations need an IAM-signed request (any credentials locally).',
      );
    }
    const poolId = required(body, 'UserPoolId');
    if (poolId !== this.options.userPoolId) {
      throw new CognitoError('ResourceNotFoundException', `User pool ${poolId} does not exist.`);
    }
    return run();
  }

  /** Stores the user as confirmed: no pending confirmation code. */
  private putConfirmed(user: StoredUser): Promise<void> {
    return this.options.store.put({
      ...user,
      status: 'CONFIRMED',
      confirmationCode: null,
      updatedAt: this.now().toISOString(),
    });
  }

  private userOrThrow(username: string): StoredUser {
    const user = this.options.store.byUsername(username);
    if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return user;
  }

  private newVerifier(sub: string, password: string) {
    const broken = brokenPasswordRule(password, this.options.settings.passwordPolicy);
    if (broken) throw new CognitoError('InvalidPasswordException', `Password did not conform with policy: ${broken}`);
    return passwordVerifier(this.poolName, sub, password, randomBytes(16).toString('hex'));
  }

  private parseEmail(username: string): string {
    const email = username.trim();
    if (!EMAIL.test(email)) throw new CognitoError('InvalidParameterException', 'Username should be an email.');
    return email;
  }

  /** Creates a user (UNCONFIRMED with a code, or CONFIRMED); UsernameExistsException if the e-mail is taken. */
  async createUser(input: { email: string; password: string; confirmed: boolean; sub?: string }): Promise<StoredUser> {
    const email = this.parseEmail(input.email);
    if (this.options.store.byEmail(email)) {
      throw new CognitoError('UsernameExistsException', 'An account with the given email already exists.');
    }
    const sub = input.sub ?? randomUUID();
    const at = this.now().toISOString();
    const user: StoredUser = {
      sub,
      email,
      status: input.confirmed ? 'CONFIRMED' : 'UNCONFIRMED',
      password: this.newVerifier(sub, input.password),
      confirmationCode: input.confirmed ? null : this.newCode(),
      createdAt: at,
      updatedAt: at,
    };
    await this.options.store.put(user);
    if (user.confirmationCode) this.options.deliverCode(email, user.confirmationCode);
    return user;
  }

  private newCode(): string {
    return String(randomInt(0, 1_000_000)).padStart(6, '0');
  }

  private async signUp(body: Body) {
    this.assertClient(body);
    const password = required(body, 'Password');
    const user = await this.createUser({ email: required(body, 'Username'), password, confirmed: false });
    return {
      UserConfirmed: false,
      UserSub: user.sub,
      CodeDeliveryDetails: { Destination: maskedEmail(user.email), DeliveryMedium: 'EMAIL', AttributeName: 'email' },
    };
  }

  private async confirmSignUp(body: Body) {
    this.assertClient(body);
    const code = required(body, 'ConfirmationCode');
    const user = this.options.store.byUsername(required(body, 'Username'));
    const mismatch = () =>
      new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');
    if (!user) {
      if (this.options.settings.preventUserExistenceErrors) throw mismatch();
      throw new CognitoError('UserNotFoundException', 'Username/client id combination not found.');
    }
    if (user.status === 'CONFIRMED') {
      throw new CognitoError('NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED');
    }
    if (code !== user.confirmationCode) throw mismatch();
    await this.putConfirmed(user);
    return {};
  }

  private async resendConfirmationCode(body: Body) {
    this.assertClient(body);
    const user = this.userOrThrow(required(body, 'Username'));
    if (user.status === 'CONFIRMED') throw new CognitoError('InvalidParameterException', 'User is already confirmed.');
    const code = this.newCode();
    await this.options.store.put({ ...user, confirmationCode: code, updatedAt: this.now().toISOString() });
    this.options.deliverCode(user.email, code);
    return {
      CodeDeliveryDetails: { Destination: maskedEmail(user.email), DeliveryMedium: 'EMAIL', AttributeName: 'email' },
    };
  }

  private assertFlowAllowed(flow: string): void {
    if (!this.options.settings.explicitAuthFlows.includes(`ALLOW_${flow}`)) {
      throw new CognitoError('InvalidParameterException', `${flow} flow not enabled for this client`);
    }
  }

  private unknownUserError(): CognitoError {
    return this.options.settings.preventUserExistenceErrors
      ? INCORRECT()
      : new CognitoError('UserNotFoundException', 'User does not exist.');
  }

  private async initiateAuth(body: Body) {
    this.assertClient(body);
    const flow = required(body, 'AuthFlow');
    const params = stringMap(body.AuthParameters);
    switch (flow) {
      case 'USER_SRP_AUTH': {
        this.assertFlowAllowed(flow);
        const A = parseClientA(params.SRP_A ?? '');
        if (A === null)
          throw new CognitoError('InvalidParameterException', 'SRP_A is missing or not a valid SRP value.');
        const user = this.options.store.byUsername(params.USERNAME ?? '');
        if (!user) throw this.unknownUserError();
        const b = BigInt(`0x${randomBytes(128).toString('hex')}`);
        const B = serverPublicB(user.password.verifierHex, b);
        const secretBlock = randomBytes(64).toString('base64');
        this.dropExpiredChallenges();
        this.challenges.set(secretBlock, { sub: user.sub, A, B, b, expires: Date.now() + SRP_CHALLENGE_MS });
        return {
          ChallengeName: 'PASSWORD_VERIFIER',
          ChallengeParameters: {
            SALT: user.password.saltHex,
            SECRET_BLOCK: secretBlock,
            SRP_B: paddedHex(B),
            USERNAME: user.sub,
            USER_ID_FOR_SRP: user.sub,
          },
        };
      }
      case 'USER_PASSWORD_AUTH': {
        this.assertFlowAllowed(flow);
        const user = this.options.store.byUsername(params.USERNAME ?? '');
        if (!user) throw this.unknownUserError();
        if (!passwordMatches(this.poolName, user.sub, params.PASSWORD ?? '', user.password)) throw INCORRECT();
        return this.signedIn(user);
      }
      case 'REFRESH_TOKEN_AUTH':
      case 'REFRESH_TOKEN':
        this.assertFlowAllowed('REFRESH_TOKEN_AUTH');
        return this.refresh(params.REFRESH_TOKEN ?? '');
      default:
        throw new CognitoError('InvalidParameterException', `AuthFlow ${flow} is not supported by the local user pool`);
    }
  }

  private dropExpiredChallenges(): void {
    const now = Date.now();
    for (const [key, c] of this.challenges) if (c.expires < now) this.challenges.delete(key);
  }

  private async respondToAuthChallenge(body: Body) {
    this.assertClient(body);
    const name = required(body, 'ChallengeName');
    if (name !== 'PASSWORD_VERIFIER') {
      throw new CognitoError('InvalidParameterException', `Challenge ${name} is not supported by the local user pool`);
    }
    const responses = stringMap(body.ChallengeResponses);
    const secretBlock = responses.PASSWORD_CLAIM_SECRET_BLOCK ?? '';
    const challenge = this.challenges.get(secretBlock);
    this.challenges.delete(secretBlock); // one answer per challenge
    if (!challenge || challenge.expires < Date.now()) {
      throw new CognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
    }
    const user = this.options.store.bySub(challenge.sub);
    if (
      !user ||
      (responses.USERNAME !== user.sub && this.options.store.byUsername(responses.USERNAME ?? '') !== user)
    ) {
      throw INCORRECT();
    }
    const key = sessionKey(challenge.A, challenge.B, challenge.b, user.password.verifierHex);
    const expected = passwordClaimSignature(
      key,
      this.poolName,
      user.sub,
      Buffer.from(secretBlock, 'base64'),
      responses.TIMESTAMP ?? '',
    );
    if (!claimMatches(expected, responses.PASSWORD_CLAIM_SIGNATURE ?? '')) throw INCORRECT();
    return this.signedIn(user);
  }

  private async signedIn(user: StoredUser) {
    if (user.status !== 'CONFIRMED') throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
    const session = {
      refreshToken: `local-refresh.${randomBytes(48).toString('base64url')}`,
      sub: user.sub,
      originJti: randomUUID(),
      authTime: this.nowSeconds(),
    };
    await this.options.store.addSession(session);
    return this.authenticationResult(user, session, { RefreshToken: session.refreshToken });
  }

  private refresh(refreshToken: string) {
    const session = this.options.store.session(refreshToken);
    const user = session && this.options.store.bySub(session.sub);
    if (!session || !user) throw new CognitoError('NotAuthorizedException', 'Invalid Refresh Token');
    // A refresh answers new access and ID tokens, not a new refresh token, as Cognito does.
    return this.authenticationResult(user, session, {});
  }

  /** Fresh access and ID tokens for the user's session, in InitiateAuth's answer shape. */
  private authenticationResult(
    user: { sub: string; email: string },
    session: Parameters<typeof issueTokens>[2],
    extra: { RefreshToken?: string },
  ) {
    const tokens = issueTokens(
      this.options.issuer,
      { sub: user.sub, username: user.sub, email: user.email },
      session,
      this.nowSeconds(),
    );
    return {
      ChallengeParameters: {},
      AuthenticationResult: {
        AccessToken: tokens.accessToken,
        ExpiresIn: tokens.expiresIn,
        IdToken: tokens.idToken,
        ...extra,
        TokenType: 'Bearer',
      },
    };
  }

  private async getTokensFromRefreshToken(body: Body) {
    this.assertClient(body);
    const { AuthenticationResult } = this.refresh(required(body, 'RefreshToken'));
    return { AuthenticationResult };
  }

  /** An access token of a live sign-in (GetUser, GlobalSignOut), as Cognito checks it. */
  private signedInUser(accessToken: string): { user: StoredUser; claims: TokenClaims } {
    const check = verifyToken(accessToken, this.audience, this.nowSeconds());
    if (!check.valid || check.claims.token_use !== 'access') {
      throw new CognitoError(
        'NotAuthorizedException',
        check.valid ? 'Invalid Access Token' : `Invalid Access Token: ${check.reason}`,
      );
    }
    if (!check.claims.origin_jti || !this.options.store.hasOrigin(check.claims.origin_jti)) {
      throw new CognitoError('NotAuthorizedException', 'Access Token has been revoked');
    }
    const user = this.options.store.bySub(check.claims.sub);
    if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return { user, claims: check.claims };
  }

  private async getUser(body: Body) {
    const { user } = this.signedInUser(required(body, 'AccessToken'));
    return { Username: user.sub, UserAttributes: userAttributes(user), UserMFASettingList: [] };
  }

  private async globalSignOut(body: Body) {
    const { user } = this.signedInUser(required(body, 'AccessToken'));
    await this.options.store.removeSessions((s) => s.sub === user.sub);
    return {};
  }

  private async revokeToken(body: Body) {
    this.assertClient(body);
    const session = this.options.store.session(required(body, 'Token'));
    // Cognito answers success for a token that is already revoked.
    if (session) await this.options.store.removeSessions((s) => s.originJti === session.originJti);
    return {};
  }

  private adminUser(user: StoredUser) {
    return {
      Username: user.sub,
      Attributes: userAttributes(user),
      UserCreateDate: new Date(user.createdAt).getTime() / 1000,
      UserLastModifiedDate: new Date(user.updatedAt).getTime() / 1000,
      Enabled: true,
      UserStatus: user.status,
    };
  }

  private async adminCreateUser(body: Body) {
    const attributes = attributeList(body.UserAttributes);
    const username = required(body, 'Username');
    const email = attributes.email ?? username;
    if (email.toLowerCase() !== username.trim().toLowerCase()) {
      throw new CognitoError(
        'InvalidParameterException',
        'The email attribute must match the username (the pool signs in with e-mail).',
      );
    }
    // No invitation e-mail and no FORCE_CHANGE_PASSWORD state here: the user must get a
    // permanent password from AdminSetUserPassword before signing in.
    const temporary =
      typeof body.TemporaryPassword === 'string'
        ? body.TemporaryPassword
        : `Tmp-${randomBytes(12).toString('base64url')}1a!`;
    const user = await this.createUser({ email, password: temporary, confirmed: true });
    return { User: this.adminUser(user) };
  }

  private async adminSetUserPassword(body: Body) {
    const user = this.userOrThrow(required(body, 'Username'));
    const password = required(body, 'Password');
    await this.putConfirmed({ ...user, password: this.newVerifier(user.sub, password) });
    return {};
  }

  private async adminConfirmSignUp(body: Body) {
    const user = this.userOrThrow(required(body, 'Username'));
    await this.putConfirmed(user);
    return {};
  }

  private async adminDeleteUser(body: Body) {
    const user = this.userOrThrow(required(body, 'Username'));
    await this.options.store.removeSessions((s) => s.sub === user.sub);
    await this.options.store.delete(user.sub);
    return {};
  }

  private async adminGetUser(body: Body) {
    const user = this.userOrThrow(required(body, 'Username'));
    const { Attributes, ...rest } = this.adminUser(user);
    return { ...rest, UserAttributes: Attributes };
  }

  /** ListUsers with no filter or an exact filter on email, sub or username (`name = "value"`). */
  private async listUsers(body: Body) {
    const filter = typeof body.Filter === 'string' ? body.Filter.trim() : '';
    let users = this.options.store.all();
    if (filter !== '') {
      const match = /^(email|sub|username)\s*=\s*"([^"]*)"$/.exec(filter);
      if (!match)
        throw new CognitoError(
          'InvalidParameterException',
          `Filter ${filter} is not supported by the local user pool (use name = "value")`,
        );
      const [, attribute, value] = match as unknown as [string, string, string];
      users = users.filter((u) =>
        attribute === 'email' ? u.email.toLowerCase() === value.toLowerCase() : u.sub === value,
      );
    }
    return { Users: users.map((u) => this.adminUser(u)) };
  }
}
