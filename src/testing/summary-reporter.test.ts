// The summary line, read from real vitest runs (child processes with their own
// config) over fixture files that fail in each way a run can fail.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../cloud-assembly/synthesize';

const CONFIG = path.join(PROJECT_ROOT, 'src/testing/fixtures/vitest.fixtures.config.ts');
const VITEST = path.join(PROJECT_ROOT, 'node_modules/vitest/vitest.mjs');

type Run = { code: number | null; summary: string | undefined };

const runFixture = (name: string): Promise<Run> =>
  new Promise((resolve, reject) => {
    // Not this run's worker variables: the child is a run of its own.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST')));
    const child = spawn(process.execPath, [VITEST, 'run', '--config', CONFIG, `${name}.fixture.ts`], {
      cwd: PROJECT_ROOT,
      env: { ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, summary: out.split('\n').find((line) => /^\d+ passed, \d+ failed, \d+ skipped$/.test(line)) }),
    );
  });

const FIXTURES = ['counts', 'suite-hook', 'file-hook', 'load-error', 'unhandled'] as const;
const runs = new Map<string, Run>();

beforeAll(async () => {
  const results = await Promise.all(FIXTURES.map(runFixture));
  FIXTURES.forEach((name, i) => runs.set(name, results[i]!));
}, 120_000);

describe('given vitest runs that fail, each in its own way', () => {
  it.each([
    ['tests pass, fail and are skipped', 'counts', '2 passed, 1 failed, 1 skipped'],
    ["a suite's beforeAll fails", 'suite-hook', '0 passed, 1 failed, 2 skipped'],
    ["a file's afterAll fails after its test passed", 'file-hook', '1 passed, 1 failed, 0 skipped'],
    ['a file fails to load', 'load-error', '0 passed, 1 failed, 0 skipped'],
    ['a passing test leaves an unhandled rejection', 'unhandled', '1 passed, 1 failed, 0 skipped'],
  ])('when %s then vitest exits 1 and the summary line counts the failure', (_what, fixture, line) => {
    const run = runs.get(fixture)!;
    expect(run.code).toBe(1);
    expect(run.summary).toBe(line);
  });
});
