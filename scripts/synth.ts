// Synthesizes the backend offline, as ampx would: npm run synth -- [sandbox|branch] [outDir]
import { synthesizeBackend, type BackendType } from '../src/cloud-assembly/synthesize';

const backendType = (process.argv[2] ?? 'sandbox') as BackendType;
if (backendType !== 'sandbox' && backendType !== 'branch') {
  console.error(`Unknown backend type "${backendType}": use sandbox or branch`);
  process.exit(2);
}
const outDir = process.argv[3] ?? `.amplify/synth/${backendType}`;
const started = Date.now();
const dir = await synthesizeBackend({ backendType, outDir });
console.log(`Synthesized the ${backendType} backend into ${dir} in ${Date.now() - started} ms`);
