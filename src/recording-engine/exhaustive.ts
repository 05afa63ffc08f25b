/**
 * The `never` check closing every switch over a union: adding a member to the
 * union breaks the build where it is not handled, and a value that slips past the
 * types at run time fails loudly instead of being silently dropped.
 */
export const unreachable = (value: never, what: string): never => {
  throw new Error(`unhandled ${what}: ${String(value)}`);
};
