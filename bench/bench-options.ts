/** Where `npm run bench` writes its report: an ignored folder unless --write-docs. */
export const DOCS_DIR = 'docs';
export const DEFAULT_OUT = '.local/bench';

export type BenchOptions = {
  values: { soak: boolean; sizes: string; assembly?: string | undefined; out?: string | undefined; 'write-docs': boolean };
  sizes: number[];
  soakChannels: number;
  soakBroadcasts: number;
  soakFailureRate: number;
  coldStartRuns: number;
};
