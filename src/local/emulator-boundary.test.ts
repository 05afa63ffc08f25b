import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../cloud-assembly/synthesize';

/**
 * Production code never imports the local emulator: src/local may import anything, and
 * tests, the bench (bench/, src/benchmark/), the scripts that start the local stack and
 * their shared command-line code (src/cli/, which finds the local endpoints) may import
 * src/local; nothing else may.
 */
const LOCAL = path.join(PROJECT_ROOT, 'src/local');
const SCANNED = ['amplify', 'src', 'scripts', 'bench'];
const MAY_IMPORT_LOCAL = [/^src\/local\//, /\.test\.ts$/, /^bench\//, /^src\/benchmark\//, /^scripts\//, /^src\/cli\//];

const sourceFiles = async (dir: string): Promise<string[]> => {
  const entries = await readdir(path.join(PROJECT_ROOT, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(PROJECT_ROOT, path.join(e.parentPath, e.name)));
};

/** Every module specifier: static and type imports, re-exports, dynamic import(). */
const importSpecifiers = (source: string): string[] =>
  [
    ...source.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/gm),
    ...source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...source.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1] ?? '');

const importsLocal = (file: string, specifier: string): boolean => {
  if (!specifier.startsWith('.')) return false;
  const target = path.resolve(PROJECT_ROOT, path.dirname(file), specifier);
  return target === LOCAL || target.startsWith(`${LOCAL}${path.sep}`);
};

describe('given the emulator boundary', () => {
  it('when a file imports then the specifier scan sees every import form', () => {
    const source = [
      "import { a } from '../local/s3';",
      "import type { B } from '../local/data-api';",
      "export { c } from '../local/event-bus';",
      "import '../local/side-effect';",
      "const d = await import('../local/stack/local-stack');",
      "import {\n  e,\n} from '../records-store/records-store';",
    ].join('\n');
    expect(importSpecifiers(source).filter((s) => importsLocal('src/redrive/x.ts', s))).toHaveLength(5);
    expect(importsLocal('src/redrive/x.ts', '../records-store/records-store')).toBe(false);
    expect(importsLocal('amplify/backend.ts', '../src/localized')).toBe(false);
  });

  it('when every source file is scanned then no production file imports src/local', async () => {
    const files = (await Promise.all(SCANNED.map(sourceFiles))).flat();
    expect(files.length).toBeGreaterThan(100);
    const forbidden: string[] = [];
    for (const file of files) {
      const relative = file.split(path.sep).join('/');
      if (MAY_IMPORT_LOCAL.some((allowed) => allowed.test(relative))) continue;
      for (const specifier of importSpecifiers(await readFile(path.join(PROJECT_ROOT, file), 'utf8'))) {
        if (importsLocal(file, specifier)) forbidden.push(`${relative} imports ${specifier}`);
      }
    }
    expect(forbidden).toEqual([]);
  });
});
