import { readFile, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../cloud-assembly/synthesize';
import { HANDLER_ENTRY, HANDLER_FUNCTION } from './bench-stack';
import { findFunctionBundle } from './bundle';
import { bundleAsAmplifyFunction } from './function-bundling';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('given the synthesized RecordingStatusHandler', () => {
  it('when its entry is built with the bench bundling then the bundle is the synthesized asset byte for byte', async () => {
    const synthesized = await findFunctionBundle(inject('sandboxAssemblyDir'), HANDLER_FUNCTION);
    const dir = await mkdtemp(path.join(PROJECT_ROOT, '.amplify/bundling-test-'));
    dirs.push(dir);
    const rebuilt = await bundleAsAmplifyFunction(HANDLER_ENTRY, dir, synthesized.runtime);
    expect(rebuilt.bytes).toBe(synthesized.bytes);
    expect((await readFile(rebuilt.entryFile)).equals(await readFile(synthesized.entryFile))).toBe(true);
  });
});
