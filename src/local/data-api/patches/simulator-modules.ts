/**
 * The simulator's CommonJS modules, loaded through Node's require so that patches and the
 * adapter share one instance of each (the package has no "exports" map, so its lib/ files
 * can be required directly), and the one way patches change them: wrapping a method.
 */
import { createRequire } from 'node:module';

export const requireSimulator = createRequire(import.meta.url);

export const SIMULATOR = '@aws-amplify/amplify-appsync-simulator';

/** Marks a patched object so a patch is applied once per process. */
export const applyOnce = (target: object, name: string, apply: () => void): void => {
  const mark = Symbol.for(`local-data-api.patch.${name}`);
  const marked = target as Record<symbol, boolean>;
  if (marked[mark]) return;
  apply();
  marked[mark] = true;
};

/** A method of the untyped CommonJS modules. */
type Method = (this: any, ...args: any[]) => any;

const UPSTREAM = Symbol.for('local-data-api.patch.upstream');

/**
 * Replaces `target[name]` by `wrap(original)`, once. The original still does the work:
 * the wrapper only adjusts its input, its `this` or its result, so an upstream fix shows
 * in the patch tests (which call `upstreamOf`) instead of being hidden.
 */
export const wrapMethod = <T extends object, K extends keyof T & string>(
  target: T,
  name: K,
  patch: string,
  wrap: (original: T[K] & Method) => T[K] & Method,
): void => {
  applyOnce(target, `${patch}.${name}`, () => {
    const original = target[name] as T[K] & Method;
    const wrapped = wrap(original);
    Object.defineProperty(wrapped, UPSTREAM, { value: original });
    target[name] = wrapped;
  });
};

/** The simulator's own method behind a wrapper (the method itself when unpatched). */
export const upstreamOf = <F extends Method>(method: F): F =>
  ((method as F & { [UPSTREAM]?: F })[UPSTREAM] ?? method) as F;
