/** Where `npm run bench` writes its report: an ignored folder unless --write-docs. */
export const DOCS_DIR = 'docs';
export const DEFAULT_OUT = '.local/bench';
/** The sections of a default run that --only can select. */
export const BENCH_SECTIONS = ['request-costs', 'cold-start', 'throughput', 'recording-stats'] as const;
export type BenchSection = (typeof BENCH_SECTIONS)[number];

export type BenchOptions = {
  values: {
    soak: boolean;
    'soak-loss': boolean;
    sizes: string;
    assembly?: string | undefined;
    out?: string | undefined;
    'write-docs': boolean;
  };
  only: BenchSection[] | undefined;
  sizes: number[];
  soakChannels: number;
  soakBroadcasts: number;
  soakFailureRate: number;
  coldStartRuns: number;
};
