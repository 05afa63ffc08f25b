import type { TestProject } from 'vitest/node';
import { cachedAssemblies } from './assembly-cache';
import { PROJECT_ROOT } from './synthesize';

declare module 'vitest' {
  export interface ProvidedContext {
    sandboxAssemblyDir: string;
    branchAssemblyDir: string;
  }
}

/**
 * One offline synthesis of each backend type, shared by every integration test file and
 * reused by later runs until the backend changes (see assembly-cache.ts).
 */
export default async function setup(project: TestProject): Promise<void> {
  const started = Date.now();
  // The defaults, whatever settings the developer's shell holds (empty means unset).
  const env = { ALARM_EMAIL: '', IVS_RECORDINGS_BUCKET: '' };
  const { sandbox, branch, key, synthesized } = await cachedAssemblies(PROJECT_ROOT, undefined, env);
  console.log(
    synthesized
      ? `Synthesized the backend (cache key ${key}) in ${((Date.now() - started) / 1000).toFixed(1)} s`
      : `Reusing the synthesized backend (cache key ${key}): amplify/ unchanged`,
  );
  project.provide('sandboxAssemblyDir', sandbox);
  project.provide('branchAssemblyDir', branch);
}
