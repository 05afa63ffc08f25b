/**
 * The local user pool's users and sign-in sessions (refresh tokens): a JSON file in the data
 * folder, rewritten whole on each change (a local pool holds a handful of users), or memory.
 * Passwords are never stored: only each user's SRP salt and verifier.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PasswordVerifier } from './srp';

export type UserStatus = 'UNCONFIRMED' | 'CONFIRMED';

export type StoredUser = {
  /** A UUID; also the username, as Cognito assigns it in a pool that signs in with e-mail. */
  sub: string;
  email: string;
  status: UserStatus;
  password: PasswordVerifier;
  confirmationCode: string | null;
  createdAt: string;
  updatedAt: string;
};

export type StoredSession = { refreshToken: string; sub: string; originJti: string; authTime: number };

type StoreFile = { version: 1; users: StoredUser[]; sessions: StoredSession[] };

const FILE = 'users.json';

/** E-mail addresses compare case-insensitively (the pool is not case sensitive). */
const emailKey = (email: string) => email.trim().toLowerCase();

export class UserStore {
  private readonly users = new Map<string, StoredUser>();
  private readonly sessions = new Map<string, StoredSession>();
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly file: string | null) {}

  static async open(dir: string | undefined): Promise<UserStore> {
    const store = new UserStore(dir ? path.join(dir, FILE) : null);
    if (!store.file) return store;
    let content: StoreFile;
    try {
      content = JSON.parse(await readFile(store.file, 'utf8')) as StoreFile;
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return store;
      throw new Error(`${store.file} is not a user pool file: ${(error as Error).message}`);
    }
    for (const user of content.users) store.users.set(user.sub, user);
    for (const session of content.sessions) store.sessions.set(session.refreshToken, session);
    return store;
  }

  bySub(sub: string): StoredUser | undefined {
    return this.users.get(sub);
  }

  byEmail(email: string): StoredUser | undefined {
    const key = emailKey(email);
    return [...this.users.values()].find((u) => emailKey(u.email) === key);
  }

  /** A user by what a client may send as USERNAME: the e-mail or the sub. */
  byUsername(username: string): StoredUser | undefined {
    return this.bySub(username) ?? this.byEmail(username);
  }

  all(): StoredUser[] {
    return [...this.users.values()];
  }

  async put(user: StoredUser): Promise<void> {
    this.users.set(user.sub, user);
    await this.save();
  }

  async delete(sub: string): Promise<void> {
    this.users.delete(sub);
    await this.save();
  }

  session(refreshToken: string): StoredSession | undefined {
    return this.sessions.get(refreshToken);
  }

  /** Whether a sign-in (identified by the tokens' origin_jti) is still live. */
  hasOrigin(originJti: string): boolean {
    return [...this.sessions.values()].some((s) => s.originJti === originJti);
  }

  async addSession(session: StoredSession): Promise<void> {
    this.sessions.set(session.refreshToken, session);
    await this.save();
  }

  async removeSessions(match: (s: StoredSession) => boolean): Promise<void> {
    for (const [token, session] of this.sessions) if (match(session)) this.sessions.delete(token);
    await this.save();
  }

  /** Writes one after another, each the whole state, through a rename (never half a file). */
  private save(): Promise<void> {
    const file = this.file;
    if (!file) return Promise.resolve();
    const content: StoreFile = { version: 1, users: this.all(), sessions: [...this.sessions.values()] };
    this.writing = this.writing.then(async () => {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(`${file}.tmp`, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
      await rename(`${file}.tmp`, file);
    });
    return this.writing;
  }
}
