// Synthesizes the backend offline, as ampx would: npm run synth -- --help
import { parseCommandLine, runCommand, UsageError } from '../src/cli/command-line';
import { synthesizeBackend } from '../src/cloud-assembly/synthesize';

const USAGE = `usage: npm run synth -- [sandbox|branch] [outDir]

Synthesizes amplify/backend.ts into a cloud assembly offline, as ampx does (no AWS account).
  sandbox | branch  the backend type (default sandbox)
  outDir            default .amplify/synth/<type>`;

await runCommand('synth', async () => {
  const { positionals } = parseCommandLine(USAGE, { allowPositionals: true, options: {} });
  if (positionals.length > 2) throw new UsageError(`at most two arguments, got ${positionals.length}`);
  const backendType = positionals[0] ?? 'sandbox';
  if (backendType !== 'sandbox' && backendType !== 'branch') {
    throw new UsageError(`unknown backend type "${backendType}": use sandbox or branch`);
  }
  const outDir = positionals[1] ?? `.amplify/synth/${backendType}`;
  const started = Date.now();
  const dir = await synthesizeBackend({ backendType, outDir });
  console.log(`Synthesized the ${backendType} backend into ${dir} in ${Date.now() - started} ms`);
});
