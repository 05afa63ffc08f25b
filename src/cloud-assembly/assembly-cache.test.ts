import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assemblyCacheKey, cachedAssemblies, synthesisInputs } from './assembly-cache';
import type { SynthesizeOptions } from './synthesize';

let root: string;
const put = async (file: string, content: string) => {
  await mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await writeFile(path.join(root, file), content);
};

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'assembly-cache-'));
  await put('package-lock.json', '{"lockfileVersion":3}');
  await put('src/cloud-assembly/synthesize.ts', 'export const synth = 1;');
  await put('src/cloud-assembly/assembly-cache.ts', 'export const cache = 1;');
  await put(
    'amplify/backend.ts',
    "import { handler } from './functions/handler';\nconst bucket = process.env.IVS_RECORDINGS_BUCKET;",
  );
  await put('amplify/functions/handler.ts', "export { run } from '../../src/core/run';");
  await put('amplify/backend.test.ts', 'test');
  await put('src/core/run.ts', "import { rule } from './rule';\nexport const run = rule;");
  await put('src/core/rule.ts', 'export const rule = 1;');
  await put('src/unrelated/other.ts', 'export const other = 1;');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('given a project', () => {
  it('when its synthesis inputs are listed then they are amplify/ (tests aside), what it imports, the lock and the synthesis code', async () => {
    expect(await synthesisInputs(root)).toEqual([
      'amplify/backend.ts',
      'amplify/functions/handler.ts',
      'package-lock.json',
      'src/cloud-assembly/assembly-cache.ts',
      'src/cloud-assembly/synthesize.ts',
      'src/core/rule.ts',
      'src/core/run.ts',
    ]);
  });

  it.each([
    ['a backend file', 'amplify/backend.ts'],
    ['a module a function imports, two levels down', 'src/core/rule.ts'],
    ['the lock file', 'package-lock.json'],
    ['the synthesis code', 'src/cloud-assembly/synthesize.ts'],
  ])('when %s changes then the cache key changes', async (_what, file) => {
    const before = await assemblyCacheKey(root, {});
    await put(file, 'changed');
    expect(await assemblyCacheKey(root, {})).not.toBe(before);
  });

  it.each([
    ['a backend test', 'amplify/backend.test.ts'],
    ['a module the backend does not import', 'src/unrelated/other.ts'],
  ])('when %s changes then the cache key stays', async (_what, file) => {
    const before = await assemblyCacheKey(root, {});
    await put(file, 'changed');
    expect(await assemblyCacheKey(root, {})).toBe(before);
  });

  it('when an environment variable the backend reads changes then the key changes, and another one does not', async () => {
    const before = await assemblyCacheKey(root, {});
    expect(await assemblyCacheKey(root, { UNRELATED: 'x' })).toBe(before);
    expect(await assemblyCacheKey(root, { IVS_RECORDINGS_BUCKET: 'my-bucket' })).not.toBe(before);
  });
});

describe('given the assembly cache', () => {
  it('when asked twice with no change then it synthesizes once, and again after a backend change, dropping the old key', async () => {
    const synthesized: string[] = [];
    const fakeSynth = async (options: SynthesizeOptions) => {
      synthesized.push(options.backendType);
      await put(path.relative(root, path.join(options.outDir, 'stack.template.json')), '{}');
      return options.outDir;
    };

    const first = await cachedAssemblies(root, fakeSynth);
    const second = await cachedAssemblies(root, fakeSynth);
    expect(first.synthesized).toBe(true);
    expect(second).toEqual({ ...first, synthesized: false });
    expect(synthesized.sort()).toEqual(['branch', 'sandbox']);
    expect(await readdir(first.sandbox)).toEqual(['stack.template.json']);

    await put('amplify/backend.ts', 'changed');
    const third = await cachedAssemblies(root, fakeSynth);
    expect(third.synthesized).toBe(true);
    expect(synthesized).toHaveLength(4);
    expect(await readdir(path.join(root, '.amplify/test-synth/cache'))).toEqual([third.key]);
  });
});
