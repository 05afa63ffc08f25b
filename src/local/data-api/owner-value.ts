/**
 * Owner values of local users. User pool tokens come from the local user pool
 * (`src/local/user-pool`), which signs them; the data API verifies them.
 */
import { createHash } from 'node:crypto';

export { ownerValueFor } from '../../user-directory/owner-value';

/** A stable UUID-shaped `sub` for a name, so a seeded user (the demo user) keeps the same owner value across runs. */
export const localUserSub = (username: string): string => {
  const h = createHash('sha256').update(`local-user:${username}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
