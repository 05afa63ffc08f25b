/**
 * The owner values of the records a user reads. User pool tokens come from the local user
 * pool (`src/local/user-pool`), which signs them; the data API verifies them.
 */
import { createHash } from 'node:crypto';

/** A stable UUID-shaped `sub` for a name, so a seeded user (the demo user) keeps the same owner value across runs. */
export const localUserSub = (username: string): string => {
  const h = createHash('sha256').update(`local-user:${username}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/**
 * The value an `allow.owner()` rule stores in and matches against the `owner` field, as the
 * generated auth VTL builds it: `"<sub>::<username>"` (claims `sub` and `username`, or
 * `cognito:username`). In a pool that signs in with e-mail, Cognito's username is the sub, so
 * a user's value is `"<sub>::<sub>"`. The VTL also accepts a bare `<sub>` or `<username>`
 * (older formats). On reads, the generated resolver of the `owner` field returns only the
 * `<username>` part.
 */
export const ownerValueFor = (user: { sub: string; username: string }): string =>
  `${user.sub}::${user.username}`;
