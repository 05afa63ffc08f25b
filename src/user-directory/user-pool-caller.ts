/**
 * Who called a function through AppSync with a user pool token: the `identity` of the
 * resolver event carries the token's `sub` and `username`. Any other identity (IAM, API key,
 * none) is null: never the owner of anything. One reading for every function that answers a user.
 */
export type UserPoolCaller = { sub: string; username: string };

export const userPoolCaller = (identity: unknown): UserPoolCaller | null => {
  const id = (identity ?? null) as Record<string, unknown> | null;
  const sub = id?.sub;
  const username = id?.username;
  return typeof sub === 'string' && sub !== '' && typeof username === 'string' && username !== ''
    ? { sub, username }
    : null;
};
