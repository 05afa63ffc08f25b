import type { UserPoolCaller } from './user-pool-caller';

/**
 * The value an `allow.owner()` rule stores in and matches against the `owner` field, as the
 * generated auth VTL builds it: `"<sub>::<username>"` (claims `sub` and `username`, or
 * `cognito:username`). In a pool that signs in with e-mail, Cognito's username is the sub, so
 * a user's value is `"<sub>::<sub>"`. The VTL also accepts a bare `<sub>` or `<username>`
 * (older formats). On reads, the generated resolver of the `owner` field returns only the
 * `<username>` part.
 */
export const ownerValueFor = (user: { sub: string; username: string }): string => `${user.sub}::${user.username}`;

/**
 * The owner rule names a user by sub, username or `<sub>::<username>`, and a stored value
 * may read back in another of these forms: one user when any of the names match.
 */
export const sameOwner = (stored: string | null | undefined, requested: string): boolean => {
  if (stored === null || stored === undefined || stored === '') return false;
  const names = new Set(stored.split('::').filter((name) => name !== ''));
  return requested.split('::').some((name) => names.has(name));
};

/**
 * Every value the owner field may hold for a user (`<sub>::<username>`, `<sub>`, `<username>`),
 * each once: what an index on the owner field is queried with to find everything of theirs.
 */
export const ownerForms = (user: { sub: string; username: string }): string[] => [
  ...new Set([ownerValueFor(user), user.sub, user.username]),
];

/** True when the caller is the user a record's `owner` field names (the owner rule's check, in a function). */
export const isOwnedBy = (owner: string | null | undefined, caller: UserPoolCaller): boolean =>
  sameOwner(owner, ownerValueFor(caller));
