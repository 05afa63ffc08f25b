/**
 * The synthesized assemblies tests share, cached under .amplify/test-synth/cache/<key>: a
 * run with no backend change since the last one reuses them instead of synthesizing. The
 * key hashes what synthesis reads: every file under amplify/ (tests aside), the src/
 * modules they import (the function bundles are built from them), the lock file, this
 * folder's synthesis code, and the environment variables amplify/ reads.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { synthesizeBackend, type BackendType } from './synthesize';

const SYNTHESIS_CODE = ['src/cloud-assembly/synthesize.ts', 'src/cloud-assembly/assembly-cache.ts'];
const LOCK_FILE = 'package-lock.json';
const BACKEND_DIR = 'amplify';

const isSource = (file: string) => /\.(ts|mts|js|mjs|json)$/.test(file) && !/\.test\.ts$/.test(file);

const filesUnder = async (root: string, dir: string): Promise<string[]> => {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && isSource(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
};

/** Relative imports of a TypeScript module, resolved to files of the project. */
const relativeImports = async (root: string, file: string, source: string): Promise<string[]> => {
  const specifiers = [
    ...source.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"](\.[^'"]+)['"]/gm),
    ...source.matchAll(/\bimport\s*\(\s*['"](\.[^'"]+)['"]\s*\)/g),
  ].map((m) => m[1] ?? '');
  const resolved: string[] = [];
  for (const specifier of specifiers) {
    const base = path.join(path.dirname(file), specifier);
    for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
      const info = await stat(path.join(root, candidate)).catch(() => null);
      if (info?.isFile()) {
        resolved.push(path.normalize(candidate));
        break;
      }
    }
  }
  return resolved;
};

/** The files whose content decides the synthesized assembly, sorted. */
export const synthesisInputs = async (root: string): Promise<string[]> => {
  const seen = new Set<string>();
  const pending = [...(await filesUnder(root, BACKEND_DIR)), ...SYNTHESIS_CODE];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (file.endsWith('.ts')) {
      const imported = await relativeImports(root, file, await readFile(path.join(root, file), 'utf8'));
      pending.push(...imported.filter((f) => !seen.has(f) && isSource(f)));
    }
  }
  return [...seen, LOCK_FILE].sort();
};

/** The environment variables the backend definition reads (`env.NAME`, `env['NAME']`). */
const environmentNames = (sources: readonly string[]): string[] =>
  [
    ...new Set(sources.flatMap((s) => [...s.matchAll(/\benv(?:\.|\[['"])([A-Z][A-Z0-9_]*)/g)].map((m) => m[1] ?? ''))),
  ].sort();

export const assemblyCacheKey = async (root: string, env: NodeJS.ProcessEnv = process.env): Promise<string> => {
  const hash = createHash('sha256');
  const backendSources: string[] = [];
  for (const file of await synthesisInputs(root)) {
    const content = await readFile(path.join(root, file), 'utf8');
    if (file.startsWith(`${BACKEND_DIR}/`)) backendSources.push(content);
    hash.update(`${file}\0${content}\0`);
  }
  for (const name of environmentNames(backendSources)) hash.update(`env ${name}=${env[name] ?? ''}\0`);
  return hash.digest('hex').slice(0, 16);
};

export type CachedAssemblies = Record<BackendType, string> & { key: string; synthesized: boolean };

/**
 * The sandbox and branch assemblies for the current backend: from the cache, or
 * synthesized into it (in a temporary folder renamed into place, so runs started side by
 * side never read half an assembly). Older keys are removed.
 */
export const cachedAssemblies = async (
  root: string,
  synthesize: typeof synthesizeBackend = synthesizeBackend,
  /** Settings given to the synthesis over process.env (they are part of the key). */
  env: NodeJS.ProcessEnv = {},
): Promise<CachedAssemblies> => {
  const cacheDir = path.join(root, '.amplify/test-synth/cache');
  const key = await assemblyCacheKey(root, { ...process.env, ...env });
  const dir = path.join(cacheDir, key);
  const paths = { sandbox: path.join(dir, 'sandbox'), branch: path.join(dir, 'branch') };
  if (await stat(dir).catch(() => null)) return { ...paths, key, synthesized: false };
  await mkdir(cacheDir, { recursive: true });
  const temp = path.join(cacheDir, `.tmp-${key}-${process.pid}`);
  await Promise.all(
    (['sandbox', 'branch'] as const).map((backendType) =>
      synthesize({ backendType, outDir: path.join(temp, backendType), projectRoot: root, env }),
    ),
  );
  try {
    await rename(temp, dir);
  } catch (error) {
    // Another run put the same key in place first: its assembly is the same.
    if (!(await stat(dir).catch(() => null))) throw error;
    await rm(temp, { recursive: true, force: true });
  }
  for (const other of await readdir(cacheDir)) {
    if (other !== key && !other.startsWith('.tmp-'))
      await rm(path.join(cacheDir, other), { recursive: true, force: true });
  }
  return { ...paths, key, synthesized: true };
};
