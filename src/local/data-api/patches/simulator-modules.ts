/**
 * The simulator's CommonJS modules, loaded through Node's require so that patches and the
 * adapter share one instance of each (the package has no "exports" map, so its lib/ files
 * can be required directly).
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
