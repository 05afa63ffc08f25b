import type { TestProject } from 'vitest/node';
import { synthesizeBackend } from './synthesize';

declare module 'vitest' {
  export interface ProvidedContext {
    sandboxAssemblyDir: string;
    branchAssemblyDir: string;
  }
}

/** One offline synthesis of each backend type per test run, shared by every test file. */
export default async function setup(project: TestProject): Promise<void> {
  const [sandbox, branch] = await Promise.all([
    synthesizeBackend({ backendType: 'sandbox', outDir: '.amplify/test-synth/sandbox' }),
    synthesizeBackend({ backendType: 'branch', outDir: '.amplify/test-synth/branch' }),
  ]);
  project.provide('sandboxAssemblyDir', sandbox);
  project.provide('branchAssemblyDir', branch);
}
