// How long the local data API takes to start, and its memory: three starts in one process
// (the first includes loading the simulator's modules). Speed belongs here, not in tests.
//   npx tsx bench/data-api-startup.ts
import { performance } from 'node:perf_hooks';
import { cachedAssemblies } from '../src/cloud-assembly/assembly-cache';
import { PROJECT_ROOT } from '../src/cloud-assembly/synthesize';
import { startLocalDataApi } from '../src/local/data-api';

const { sandbox } = await cachedAssemblies(PROJECT_ROOT);
const rssBefore = process.memoryUsage().rss;
const samples: number[] = [];
for (let i = 0; i < 3; i++) {
  const started = performance.now();
  const api = await startLocalDataApi({ assemblyDir: sandbox, port: 0 });
  samples.push(performance.now() - started);
  await api.stop();
}
const rss = process.memoryUsage().rss;
console.log(
  `[local data API] startLocalDataApi: ${samples.map((ms) => `${ms.toFixed(0)} ms`).join(', ')} ` +
    `(the first start of this process includes loading the simulator's modules); ` +
    `RSS ${(rss / 2 ** 20).toFixed(0)} MiB (${((rss - rssBefore) / 2 ** 20).toFixed(0)} MiB more than before these starts)`,
);
