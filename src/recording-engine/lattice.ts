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

/** The union of two id lists, `first` (when present) first, the rest in code-unit order. */
export const unionFirstThenSorted = (a: readonly string[], b: readonly string[], first: string): string[] => {
  const rest = [...new Set([...a, ...b])].filter((id) => id !== first).sort();
  return a.includes(first) || b.includes(first) ? [first, ...rest] : rest;
};
