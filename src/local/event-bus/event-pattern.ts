/**
 * EventBridge event-pattern matching, pure.
 *
 * A pattern is compiled once (when rules are loaded) so that a mistake in a
 * pattern fails loudly at start-up instead of silently never matching.
 *
 * Semantics follow EventBridge (Event Ruler):
 * - every field of the pattern must match; fields absent from the pattern are ignored;
 * - a leaf is an array of alternatives (OR): literal values or one-key operator objects;
 * - when the event value is an array, the leaf matches if any element matches;
 * - an absent field only matches `{"exists": false}`; objects are not leaves
 *   (`exists` only sees leaf values, as in EventBridge);
 * - `$or` holds alternative sub-patterns for the same level.
 * Not supported locally (a clear error at load time): `cidr`, and any other operator.
 */

export class EventPatternError extends Error {
  override name = 'EventPatternError';
}

export type CompiledPattern = (event: unknown) => boolean;

type Leaf = string | number | boolean | null;
type LeafMatcher = { matchesAbsent: boolean; test: (leaf: Leaf) => boolean };
type FieldMatcher =
  | { key: string; kind: 'leaf'; alternatives: LeafMatcher[] }
  | { key: string; kind: 'object'; pattern: ObjectMatcher };
type ObjectMatcher = { fields: FieldMatcher[]; ors: ObjectMatcher[][] };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isLeaf = (value: unknown): value is Leaf =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** Compiles a pattern; throws EventPatternError naming the faulty path. */
export const compileEventPattern = (pattern: unknown, where = 'pattern'): CompiledPattern => {
  const compiled = compileObject(pattern, where);
  return (event) => matchObject(compiled, isPlainObject(event) ? event : {});
};

/** One-off match (compiles every time: prefer compileEventPattern in loops). */
export const matchesEventPattern = (pattern: unknown, event: unknown): boolean => compileEventPattern(pattern)(event);

// ---------------------------------------------------------------- compile

const compileObject = (pattern: unknown, path: string): ObjectMatcher => {
  if (!isPlainObject(pattern)) throw new EventPatternError(`${path}: must be a JSON object`);
  const entries = Object.entries(pattern);
  if (entries.length === 0) throw new EventPatternError(`${path}: must not be empty`);
  const matcher: ObjectMatcher = { fields: [], ors: [] };
  for (const [key, value] of entries) {
    const at = `${path}.${key}`;
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2) {
        throw new EventPatternError(`${at}: must be an array of at least two patterns`);
      }
      matcher.ors.push(value.map((alt, i) => compileObject(alt, `${at}[${i}]`)));
    } else if (Array.isArray(value)) {
      if (value.length === 0) throw new EventPatternError(`${at}: must not be an empty array`);
      matcher.fields.push({
        key,
        kind: 'leaf',
        alternatives: value.map((v, i) => compileAlternative(v, `${at}[${i}]`)),
      });
    } else if (isPlainObject(value)) {
      matcher.fields.push({ key, kind: 'object', pattern: compileObject(value, at) });
    } else {
      // EventBridge rejects `"source": "aws.ivs"`: leaves must be arrays.
      throw new EventPatternError(`${at}: a leaf must be an array of values or operators`);
    }
  }
  return matcher;
};

const compileAlternative = (value: unknown, path: string): LeafMatcher => {
  if (isLeaf(value)) return { matchesAbsent: false, test: (leaf) => leaf === value };
  if (!isPlainObject(value)) throw new EventPatternError(`${path}: expected a value or an operator`);
  const keys = Object.keys(value);
  if (keys.length !== 1) {
    throw new EventPatternError(`${path}: an operator object must have exactly one key`);
  }
  const operator = keys[0]!;
  const arg = value[operator];
  const at = `${path}.${operator}`;
  switch (operator) {
    case 'prefix':
      return stringOp(affixTest(arg, at, (s, p) => s.startsWith(p)));
    case 'suffix':
      return stringOp(affixTest(arg, at, (s, p) => s.endsWith(p)));
    case 'equals-ignore-case': {
      const expected = requireString(arg, at).toLowerCase();
      return stringOp((s) => s.toLowerCase() === expected);
    }
    case 'wildcard': {
      const regex = wildcardRegex(requireString(arg, at), at);
      return stringOp((s) => regex.test(s));
    }
    case 'exists':
      if (typeof arg !== 'boolean') throw new EventPatternError(`${at}: must be true or false`);
      return { matchesAbsent: !arg, test: () => arg };
    case 'numeric': {
      const test = numericTest(arg, at);
      return { matchesAbsent: false, test: (leaf) => typeof leaf === 'number' && test(leaf) };
    }
    case 'anything-but': {
      const excluded = anythingButTest(arg, at);
      return { matchesAbsent: false, test: (leaf) => !excluded(leaf) };
    }
    default:
      throw new EventPatternError(
        `${path}: unknown or unsupported operator "${operator}" (supported: prefix, suffix, ` +
          'anything-but, exists, numeric, equals-ignore-case, wildcard)',
      );
  }
};

const stringOp = (test: (s: string) => boolean): LeafMatcher => ({
  matchesAbsent: false,
  test: (leaf) => typeof leaf === 'string' && test(leaf),
});

const requireString = (arg: unknown, path: string): string => {
  if (typeof arg !== 'string') throw new EventPatternError(`${path}: must be a string`);
  return arg;
};

/** prefix/suffix take a string or `{"equals-ignore-case": string}`. */
const affixTest = (
  arg: unknown,
  path: string,
  test: (s: string, affix: string) => boolean,
): ((s: string) => boolean) => {
  if (typeof arg === 'string') return (s) => test(s, arg);
  if (isPlainObject(arg) && Object.keys(arg).length === 1 && 'equals-ignore-case' in arg) {
    const affix = requireString(arg['equals-ignore-case'], `${path}.equals-ignore-case`);
    return (s) => test(s.toLowerCase(), affix.toLowerCase());
  }
  throw new EventPatternError(`${path}: must be a string or {"equals-ignore-case": string}`);
};

const wildcardRegex = (pattern: string, path: string): RegExp => {
  if (pattern.includes('**')) {
    throw new EventPatternError(`${path}: consecutive wildcard characters are not allowed`);
  }
  // `\*` is a literal star; every other `*` matches any run of characters.
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && pattern[i + 1] === '*') {
      source += '\\*';
      i++;
    } else if (c === '*') source += '.*';
    else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
};

const NUMERIC_OPS: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '=': (a, b) => a === b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

const numericTest = (arg: unknown, path: string): ((n: number) => boolean) => {
  if (!Array.isArray(arg) || (arg.length !== 2 && arg.length !== 4)) {
    throw new EventPatternError(`${path}: must be [op, number] or [op, number, op, number]`);
  }
  const checks: ((n: number) => boolean)[] = [];
  for (let i = 0; i < arg.length; i += 2) {
    const op = arg[i];
    const bound = arg[i + 1];
    const compare = typeof op === 'string' ? NUMERIC_OPS[op] : undefined;
    if (!compare) throw new EventPatternError(`${path}[${i}]: unknown comparison "${String(op)}"`);
    if (typeof bound !== 'number' || !Number.isFinite(bound)) {
      throw new EventPatternError(`${path}[${i + 1}]: must be a number`);
    }
    checks.push((n) => compare(n, bound));
  }
  return (n) => checks.every((check) => check(n));
};

/** Returns the test for the EXCLUDED values. */
const anythingButTest = (arg: unknown, path: string): ((leaf: Leaf) => boolean) => {
  if (isLeaf(arg)) return (leaf) => leaf === arg;
  if (Array.isArray(arg)) {
    if (arg.length === 0 || !arg.every((v) => typeof v === 'string' || typeof v === 'number')) {
      throw new EventPatternError(`${path}: must be a non-empty list of strings or numbers`);
    }
    return (leaf) => (arg as unknown[]).includes(leaf);
  }
  if (isPlainObject(arg) && Object.keys(arg).length === 1) {
    const [operator, inner] = Object.entries(arg)[0]!;
    const at = `${path}.${operator}`;
    const strings = (): string[] => {
      const list = Array.isArray(inner) ? inner : [inner];
      if (list.length === 0) throw new EventPatternError(`${at}: must not be empty`);
      return list.map((v) => requireString(v, at));
    };
    switch (operator) {
      case 'prefix': {
        const prefix = requireString(inner, at);
        return (leaf) => typeof leaf === 'string' && leaf.startsWith(prefix);
      }
      case 'suffix': {
        const suffix = requireString(inner, at);
        return (leaf) => typeof leaf === 'string' && leaf.endsWith(suffix);
      }
      case 'equals-ignore-case': {
        const lowered = strings().map((s) => s.toLowerCase());
        return (leaf) => typeof leaf === 'string' && lowered.includes(leaf.toLowerCase());
      }
      case 'wildcard': {
        const regexes = strings().map((s) => wildcardRegex(s, at));
        return (leaf) => typeof leaf === 'string' && regexes.some((r) => r.test(leaf));
      }
      default:
        break;
    }
  }
  throw new EventPatternError(
    `${path}: must be a value, a list, or one of {prefix|suffix|equals-ignore-case|wildcard}`,
  );
};

// ------------------------------------------------------------------ match

/** The leaf values under a field: arrays are flattened; objects are not leaves. */
const leavesOf = (value: unknown): Leaf[] => {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap(leavesOf);
  return isLeaf(value) ? [value] : [];
};

const matchObject = (matcher: ObjectMatcher, event: Record<string, unknown>): boolean =>
  matcher.fields.every((field) => matchField(field, event)) &&
  matcher.ors.every((alternatives) => alternatives.some((alt) => matchObject(alt, event)));

const matchField = (field: FieldMatcher, event: Record<string, unknown>): boolean => {
  const value = Object.hasOwn(event, field.key) ? event[field.key] : undefined;
  if (field.kind === 'object') {
    // An array of objects matches if any element does; a missing object is
    // matched as empty so that nested `exists: false` still works.
    const candidates = (Array.isArray(value) ? value : [value]).filter(isPlainObject);
    if (candidates.length === 0) return matchObject(field.pattern, {});
    return candidates.some((candidate) => matchObject(field.pattern, candidate));
  }
  const leaves = leavesOf(value);
  if (leaves.length === 0) return field.alternatives.some((alt) => alt.matchesAbsent);
  return field.alternatives.some((alt) => leaves.some(alt.test));
};
