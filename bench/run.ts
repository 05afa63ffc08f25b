// The benchmark and the soak: npm run bench -- --help
// The measuring code loads after the command line is read: --help and usage errors answer at once.
import {
  failureExitCode,
  failureLine,
  fractionValue,
  integerValue,
  parseCommandLine,
  UsageError,
} from '../src/cli/command-line';
import { BENCH_SECTIONS, DEFAULT_OUT, DOCS_DIR, type BenchOptions, type BenchSection } from './bench-options';

const USAGE = `usage: npm run bench -- [--soak [--soak-loss]] [--write-docs | --out DIR] [--sizes N,N,...] [--assembly DIR]
                     [--cold-start-runs N] [--only SECTION,...] [--soak-channels N] [--soak-broadcasts N] [--soak-failure-rate F]

Measures request costs at each table size (the real handler on one warm container and on a
cold container per event, and a list+filter baseline), the documented frontend queries, the
bundle's cold start beside a minimal handler, the local pipeline's throughput and what the
recordingStats query costs one owner at each table size; --soak runs the soak instead (about 12 minutes) and keeps the other sections from
the last report.
  --soak-loss          the soak's loss mode: 5% of stream and 1% of recording events lost, 10%
                       arriving after the retries, a tenth of the profiles created halfway;
                       then reconciliation against the S3 end files and IVS sessions
  --write-docs         write the report to ${DOCS_DIR}/benchmarks.{md,json} (the committed figures)
  --out DIR            write it there (default ${DEFAULT_OUT}, ignored by git)
  --sizes N,N,...      table sizes in Recordings (default 1000,10000,100000)
  --assembly DIR       an already synthesized sandbox assembly (skips the synthesis)
  --only S,S           measure only these sections (request-costs, cold-start, throughput,
                       recording-stats) and keep the others from the last report; recording-stats
                       seeds its own table to each size and measures the recordingStats query`;

const parsed = ((): BenchOptions => {
  try {
    const { values } = parseCommandLine(USAGE, {
      options: {
        soak: { type: 'boolean', default: false },
        'soak-loss': { type: 'boolean', default: false },
        sizes: { type: 'string', default: '1000,10000,100000' },
        assembly: { type: 'string' },
        out: { type: 'string' },
        'write-docs': { type: 'boolean', default: false },
        'soak-channels': { type: 'string', default: '200' },
        'soak-broadcasts': { type: 'string', default: '20' },
        'soak-failure-rate': { type: 'string', default: '0.05' },
        'cold-start-runs': { type: 'string', default: '5' },
        only: { type: 'string' },
      },
    });
    if (values.out !== undefined && values['write-docs']) throw new UsageError('--out and --write-docs are exclusive');
    const only = values.only?.split(',').map((section) => section.trim());
    const unknown = only?.find((section) => !(BENCH_SECTIONS as readonly string[]).includes(section));
    if (unknown !== undefined)
      throw new UsageError(`unknown section "${unknown}" for --only: use ${BENCH_SECTIONS.join(', ')}`);
    if (values['soak-loss'] && !values.soak) throw new UsageError('--soak-loss needs --soak');
    if (only && values.soak) throw new UsageError('--only does not apply to --soak');
    return {
      values,
      sizes: values.sizes
        .split(',')
        .map((size) => integerValue('sizes', size, { min: 1 }))
        .sort((a, b) => a - b),
      soakChannels: integerValue('soak-channels', values['soak-channels'], { min: 1 }),
      soakBroadcasts: integerValue('soak-broadcasts', values['soak-broadcasts'], { min: 1 }),
      soakFailureRate: fractionValue('soak-failure-rate', values['soak-failure-rate']),
      coldStartRuns: integerValue('cold-start-runs', values['cold-start-runs'], { min: 1 }),
      only: only as BenchSection[] | undefined,
    };
  } catch (error) {
    console.error(failureLine('bench', error));
    process.exit(failureExitCode(error));
  }
})();

const { runBenchmark } = await import('./benchmark-run');
await runBenchmark(parsed);
