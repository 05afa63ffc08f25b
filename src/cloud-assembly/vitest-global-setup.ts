import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { PROJECT_ROOT, synthesizeBackend } from './synthesize';

declare module 'vitest' {
  export interface ProvidedContext {
    sandboxAssemblyDir: string;
    branchAssemblyDir: string;
  }
}

/**
 * One offline synthesis of each backend type per test run, shared by every test
 * file. Each run gets its own folder, so runs started side by side do not collide.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const parent = path.join(PROJECT_ROOT, '.amplify/test-synth');
  await mkdir(parent, { recursive: true });
  const runDir = await mkdtemp(path.join(parent, 'run-'));
  // The defaults, whatever settings the developer's shell holds (empty means unset).
  const env = { ALARM_EMAIL: '', IVS_RECORDINGS_BUCKET: '' };
  const [sandbox, branch] = await Promise.all([
    synthesizeBackend({ backendType: 'sandbox', outDir: path.join(runDir, 'sandbox'), env }),
    synthesizeBackend({ backendType: 'branch', outDir: path.join(runDir, 'branch'), env }),
  ]);
  project.provide('sandboxAssemblyDir', sandbox);
  project.provide('branchAssemblyDir', branch);
  return async () => {
    if (!process.env.KEEP_TEST_SYNTH) await rm(runDir, { recursive: true, force: true });
  };
}
