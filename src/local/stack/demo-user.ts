import { localUserSub } from '../data-api';
import type { LocalPoolUser, LocalUserPool } from '../user-pool';

/**
 * The demo user, who owns the demo channel's profile. Its password is fixed and public:
 * it exists only in the local user pool, never in a deployed one.
 */
export const DEMO_USER = {
  email: 'demo@example.com',
  password: 'Demo-local-passw0rd',
  /** Fixed, so the demo profile's owner stays the same when the pool is recreated (--in-memory). */
  sub: localUserSub('demo'),
} as const;

/** The demo user in the pool (created on first start, kept after). */
export const ensureDemoUser = async (pool: LocalUserPool): Promise<LocalPoolUser> =>
  pool.findUser(DEMO_USER.email) ?? (await pool.createUser(DEMO_USER));
