// Rewrites amplify_outputs.example.json from the current schema: npm run outputs:example -- --help
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCommandLine, runCommand } from '../src/cli/command-line';
import { PROJECT_ROOT, synthesizeBackend } from '../src/cloud-assembly/synthesize';

const USAGE = `usage: npm run outputs:example

Rewrites amplify_outputs.example.json from the current schema: synthesizes the backend,
starts a local data API on a free port, and writes its outputs with placeholders.`;

await runCommand('outputs:example', async () => {
  parseCommandLine(USAGE, { options: {} });
  const { startLocalDataApi } = await import('../src/local/data-api');
  const { exampleOutputsFrom } = await import('../src/local/stack/outputs-example');
  const dir = await mkdtemp(path.join(tmpdir(), 'outputs-example-'));
  try {
    const assemblyDir = await synthesizeBackend({ backendType: 'sandbox', outDir: path.join(dir, 'synth') });
    const api = await startLocalDataApi({ assemblyDir, port: 0 });
    const file = path.join(PROJECT_ROOT, 'amplify_outputs.example.json');
    await writeFile(file, `${JSON.stringify(exampleOutputsFrom(api.amplifyOutputs()), null, 2)}\n`);
    await api.stop();
    console.log(`Wrote ${file}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
