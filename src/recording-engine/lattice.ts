/**
 * The join operations the state merges are built from. Each is commutative,
 * associative and idempotent, with null as "nothing known yet", so a record built
 * from them is a pure function of the set of events, whatever their order or count.
 *
 * Strings compare by code units (`<`), never `localeCompare`: the result must not
 * depend on the runtime's locale. Times are canonical ISO strings, so this is time order.
 */

export const minKnown = <T extends string | number>(a: T | null, b: T | null): T | null =>
  a === null ? b : b === null ? a : b < a ? b : a;

export const maxKnown = <T extends string | number>(a: T | null, b: T | null): T | null =>
  a === null ? b : b === null ? a : b > a ? b : a;

/** "" is how IVS says "no value": it never counts as a candidate. */
export const knownText = (value: string): string | null => (value === '' ? null : value);

/** -1, 0 or 1: two sequences of equal length compared position by position, by code units. */
const compareSequences = (a: readonly string[], b: readonly string[]): number => {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
};

/**
 * The join of two stream id lists (each without repeats), for a recording's streamIds:
 * - one names every id of the other: that one (a longer IVS list extends the shorter
 *   prefix a reconnect's Start carried);
 * - both name the same ids in different orders: the greater, position by position in
 *   code-unit order (IVS never sends that; the rule only has to be deterministic);
 * - neither names every id of the other (a list was missing, or two lists contradict):
 *   every id, in code-unit order.
 *
 * Why this is a join (commutative, associative, idempotent): it is the least upper bound
 * in the order "a < b when b names more ids, or the same ids in a greater sequence". In
 * that order, the sorted list of a set of ids is the least of its orderings, and above
 * every list naming fewer ids, so it is the least bound of two lists neither of which
 * contains the other. Any real IVS order beats the sorted fallback for the same ids.
 */
export const joinStreamLists = (a: readonly string[], b: readonly string[]): string[] => {
  const inA = new Set(a);
  const inB = new Set(b);
  const aHoldsB = b.every((id) => inA.has(id));
  const bHoldsA = a.every((id) => inB.has(id));
  if (aHoldsB && bHoldsA) return compareSequences(a, b) >= 0 ? [...a] : [...b];
  if (aHoldsB) return [...a];
  if (bHoldsA) return [...b];
  return [...new Set([...a, ...b])].sort();
};
